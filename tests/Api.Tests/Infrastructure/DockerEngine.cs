using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The few Docker Engine API reads the tests make themselves (is a daemon there, has it an image, how does a container
/// run), over the daemon's socket — DOCKER_HOST (unix:// or tcp://) or /var/run/docker.sock, in the API version the
/// daemon says it speaks (Debian's docker.io 20.10: 1.41; a current Docker refuses versions that old).
/// </summary>
public sealed class DockerEngine : IDisposable
{
    private readonly HttpClient _http;
    private string _versioned = "";

    private DockerEngine(HttpClient http) => _http = http;

    /// <summary>A client for the daemon, or null where none answers a ping within 3 s.</summary>
    public static DockerEngine? Connect()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        HttpClient http;
        if (string.IsNullOrEmpty(host) || host.StartsWith("unix://", StringComparison.Ordinal))
        {
            var socket = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
            if (!File.Exists(socket))
            {
                return null;
            }

            http = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, token) =>
                {
                    var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                    return new NetworkStream(connection, ownsSocket: true);
                },
            }) { BaseAddress = new Uri("http://docker/") };
        }
        else
        {
            http = new HttpClient { BaseAddress = new Uri(host.Replace("tcp://", "http://", StringComparison.Ordinal).TrimEnd('/') + "/") };
        }

        http.Timeout = TimeSpan.FromSeconds(3);
        var engine = new DockerEngine(http);
        try
        {
            if (http.GetAsync("_ping").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK && engine.ApiVersion() is { } version)
            {
                engine._versioned = $"v{version}/";
                return engine;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or TaskCanceledException)
        {
            // No daemon behind the socket: the caller takes the host-process path and says so.
        }

        engine.Dispose();
        return null;
    }

    /// <summary>The API version the daemon speaks (<c>GET /version</c>, asked unversioned).</summary>
    public string? ApiVersion()
    {
        using var response = _http.GetAsync("version").GetAwaiter().GetResult();
        return response.IsSuccessStatusCode
            && JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.TryGetProperty("ApiVersion", out var version)
            ? version.GetString()
            : null;
    }

    public bool HasImage(string image) =>
        _http.GetAsync($"{_versioned}images/{Uri.EscapeDataString(image)}/json").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK;

    /// <summary>The daemon's whole description of a container (<c>docker inspect</c>).</summary>
    public async Task<JsonElement> InspectContainerAsync(string id)
    {
        using var response = await _http.GetAsync($"{_versioned}containers/{id}/json");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
