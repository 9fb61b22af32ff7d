using System.Net;
using System.Net.Sockets;
using System.Text;
using Alvys.Customers.Infrastructure.Webhooks;

namespace Alvys.Customers.UnitTests.Webhooks;

/// <summary>The connect-time check over loopback only: a listener on 127.0.0.1 stands in for an internal service.</summary>
public sealed class GuardedConnectionsTests : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;
    private Task? _serving;

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Answers every request with <paramref name="response"/> and counts the connections it accepted.</summary>
    private void Serve(string response)
    {
        _listener.Start();
        _serving = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var read = 0;
                while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    read += await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
                }

                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            }
        });
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task ALoopbackTarget_IsRefusedInTheConnectStep_AndNothingReachesIt(string host)
    {
        Serve("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = new HttpClient(GuardedConnections.CreateHandler(allowLoopback: false));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://{host}:{Port}/hook"));

        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
        Assert.Contains("may not reach", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref _accepted));
    }

    [Fact]
    public async Task WithLoopbackAllowed_TheRequestGoesThrough_AndARedirectIsAnswerNotFollowed()
    {
        Serve($"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var client = new HttpClient(GuardedConnections.CreateHandler(allowLoopback: true));

        using var response = await client.GetAsync($"http://localhost:{Port}/hook");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(1, Volatile.Read(ref _accepted));
    }

    [Fact]
    public async Task APublicNameThatNowResolvesToLoopback_IsRefusedInTheConnectStep_AndNothingReachesIt()
    {
        // What DNS rebinding serves: the name passed when the webhook was saved (it is no address and no localhost),
        // and resolves to this machine when the delivery connects.
        Serve("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Assert.True(Alvys.Customers.Domain.Webhooks.WebhookUrl.Create($"https://hooks.partner.example:{Port}/hook", allowLoopback: false).IsSuccess);
        using var client = new HttpClient(GuardedConnections.CreateHandler(allowLoopback: false, new RebindingResolver()));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://hooks.partner.example:{Port}/hook"));

        Assert.Contains("may not reach", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref _accepted));
    }

    /// <summary>Answers every name with loopback, and never asks a DNS server.</summary>
    private sealed class RebindingResolver : WebhookHostResolver
    {
        public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { IPAddress.Loopback });
    }

    [Fact]
    public async Task AllowedAddresses_DropsForbiddenOnes()
    {
        Assert.Empty(await GuardedConnections.AllowedAddressesAsync("localhost", allowLoopback: false, CancellationToken.None));
        Assert.Empty(await GuardedConnections.AllowedAddressesAsync("169.254.169.254", allowLoopback: true, CancellationToken.None));
        Assert.Equal([IPAddress.Loopback], await GuardedConnections.AllowedAddressesAsync("127.0.0.1", allowLoopback: true, CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_serving is not null)
        {
            await Task.WhenAny(_serving);
        }

        _stop.Dispose();
    }
}
