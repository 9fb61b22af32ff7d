using System.Net;
using System.Net.Sockets;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>
/// The HTTP handler every webhook request goes out through. The host is resolved in the connect step and each address
/// is judged there (<see cref="TargetAddress"/>), so a name that resolved to a public address when the webhook was saved
/// and resolves to a private one now (DNS rebinding) is refused before a byte is sent. No proxy (it would connect for
/// us, past the check) and no redirects (a 3xx is the receiver's answer, not a new target).
/// </summary>
public static class GuardedConnections
{
    /// <param name="allowLoopback"><c>Webhooks:AllowLoopbackTargets</c>: loopback addresses pass, for development and tests.</param>
    /// <param name="resolver">How host names are resolved: DNS unless a test gives a table of its own.</param>
    public static SocketsHttpHandler CreateHandler(bool allowLoopback, WebhookHostResolver? resolver = null) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowLoopback, resolver ?? WebhookHostResolver.Dns, cancellationToken),
    };

    /// <summary>The addresses of <paramref name="host"/> a webhook may reach; none when every one is forbidden.</summary>
    public static async Task<IPAddress[]> AllowedAddressesAsync(string host, bool allowLoopback, CancellationToken cancellationToken, WebhookHostResolver? resolver = null)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await (resolver ?? WebhookHostResolver.Dns).ResolveAsync(host, cancellationToken);
        return [.. addresses.Where(address => !TargetAddress.IsForbidden(address) || (allowLoopback && IPAddress.IsLoopback(address)))];
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowLoopback, WebhookHostResolver resolver, CancellationToken cancellationToken)
    {
        var allowed = await AllowedAddressesAsync(endpoint.Host, allowLoopback, cancellationToken, resolver);
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Refused to connect to '{endpoint.Host}': it resolves only to addresses a webhook may not reach.");
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException failure)
            {
                // The next address of the host, as the default connect would; the last failure is the one reported.
                socket.Dispose();
                last = failure;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, $"Could not connect to '{endpoint.Host}'.", last);
    }
}

/// <summary>How a webhook's host name becomes addresses: DNS. Tests put a table of their own in its place, so that no name is ever sent to a resolver.</summary>
public class WebhookHostResolver
{
    public static readonly WebhookHostResolver Dns = new();

    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);
}
