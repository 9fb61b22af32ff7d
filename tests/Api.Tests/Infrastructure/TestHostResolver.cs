using System.Net;
using System.Net.Sockets;
using Alvys.Customers.Infrastructure.Webhooks;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The names a test host's webhooks resolve, from a table: no test ever sends a name to a DNS server (this machine's is
/// not on loopback). A name not in the table does not resolve, as an unknown name would not.
/// </summary>
public sealed class TestHostResolver : WebhookHostResolver
{
    /// <summary>A public-looking name whose DNS answer is loopback: what a rebinding attack would serve.</summary>
    public const string RebindingHost = "rebind.partner.example";

    private static readonly Dictionary<string, IPAddress[]> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        [RebindingHost] = [IPAddress.Loopback],
        ["localhost"] = [IPAddress.Loopback],
    };

    public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Table.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
}
