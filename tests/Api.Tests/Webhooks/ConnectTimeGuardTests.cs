using System.Net;
using System.Net.Sockets;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>
/// On a host that does not allow loopback targets (every environment but Development): a name that passes at create
/// and resolves to this machine when the endpoint is called is refused at the connection — not one TCP connection
/// reaches the listener behind it.
/// </summary>
[Collection(ApiHosts.PlatformApi)]
public sealed class ConnectTimeGuardTests(ApiFactory api) : IDisposable
{
    private readonly TcpListener _listener = StartListener();
    private int _accepted;

    private static TcpListener StartListener()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    [Fact]
    public async Task AHostNameResolvingToLoopback_IsAcceptedAtCreate_ButRefusedAtConnect_SoVerificationFails()
    {
        _ = CountConnectionsAsync();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var client = api.ClientFor(ApiFactory.NewTenant(), "webhook:read", "webhook:manage");

        var created = await WebhooksApi.CreateAsync(client, new { Name = "Rebinding", Url = $"https://{TestHostResolver.RebindingHost}:{port}/hook", Events = new[] { "customer.updated" } });
        var (settled, _) = await WebhooksApi.SettledAsync(client, created.GetProperty("Id").GetString()!);

        Assert.Equal(("Pending", "VerificationFailed"), (settled.GetProperty("Status").GetString(), settled.GetProperty("StatusReason").GetString()));
        Assert.Equal(0, Volatile.Read(ref _accepted));
        // The same listener by its address is refused at once: loopback is no target here.
        var literal = await client.PostAsync(WebhooksApi.WebhooksPath, JsonBody(new { Name = "Literal", Url = $"https://127.0.0.1:{port}/hook", Events = new[] { "customer.updated" } }));
        Assert.Equal(HttpStatusCode.BadRequest, literal.StatusCode);
    }

    public void Dispose() => _listener.Stop();

    private async Task CountConnectionsAsync()
    {
        try
        {
            while (true)
            {
                using var connection = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _accepted);
            }
        }
        catch (Exception stopped) when (stopped is SocketException or ObjectDisposedException)
        {
            // The listener was stopped at the end of the test: nothing more to count.
        }
    }
}
