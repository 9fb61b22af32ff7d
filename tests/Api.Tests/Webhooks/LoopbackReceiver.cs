using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>How an endpoint of the receiver answers what is posted to it.</summary>
public enum EndpointBehaviour
{
    /// <summary>200 with the challenge echoed (and 200 to anything else).</summary>
    Echo,

    /// <summary>200 with another challenge.</summary>
    WrongEcho,

    /// <summary>500 to everything.</summary>
    Fail,

    /// <summary>Answers only after 10 seconds.</summary>
    Hang,

    /// <summary>As <see cref="Echo"/>, 50 ms later: a receiver that does some work, so that deliveries take a while.</summary>
    EchoSlowly,
}

/// <summary>One request the receiver was sent, as it arrived.</summary>
public sealed record ReceivedRequest(string Path, string Method, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel, a port of its own): every path is an endpoint whose behaviour a test
/// sets, and every request is recorded with its headers and raw body.
/// </summary>
public sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, EndpointBehaviour> _behaviours = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private readonly ConcurrentDictionary<string, Func<ReceivedRequest, (int Status, string? RetryAfter)>> _events = new(StringComparer.Ordinal);

    private LoopbackReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<LoopbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new LoopbackReceiver(builder.Build());
        receiver._app.Run(receiver.AnswerAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    /// <summary>A new endpoint of its own, answering as <paramref name="behaviour"/> says until told otherwise.</summary>
    public string NewEndpoint(EndpointBehaviour behaviour = EndpointBehaviour.Echo)
    {
        var path = "/hooks/" + Guid.NewGuid().ToString("N");
        _behaviours[path] = behaviour;
        return new Uri(BaseAddress, path).AbsoluteUri;
    }

    public void Set(string url, EndpointBehaviour behaviour) => _behaviours[new Uri(url).AbsolutePath] = behaviour;

    /// <summary>How the endpoint answers events (anything without a challenge) from now on; the challenge is still echoed.</summary>
    public void AnswerEvents(string url, Func<ReceivedRequest, (int Status, string? RetryAfter)> answer) => _events[new Uri(url).AbsolutePath] = answer;

    public IReadOnlyList<ReceivedRequest> ReceivedBy(string url) => [.. _received.Where(r => r.Path == new Uri(url).AbsolutePath)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? string.Empty;
        var received = new ReceivedRequest(
            path, context.Request.Method, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, DateTimeOffset.UtcNow);
        _received.Enqueue(received);
        if (!context.Request.Headers.ContainsKey("X-Alvys-Challenge") && _events.TryGetValue(path, out var answer))
        {
            var (status, retryAfter) = answer(received);
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            return;
        }
        switch (_behaviours.GetValueOrDefault(path, EndpointBehaviour.Fail))
        {
            case EndpointBehaviour.Fail:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case EndpointBehaviour.Hang:
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case EndpointBehaviour.EchoSlowly:
                await Task.Delay(50, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                break;
        }

        var challenge = context.Request.Headers["X-Alvys-Challenge"].ToString();
        if (challenge.Length == 0)
        {
            return;
        }

        var echoed = _behaviours[path] == EndpointBehaviour.WrongEcho ? challenge.ToUpperInvariant() + "x" : challenge;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["challenge"] = echoed }));
    }
}
