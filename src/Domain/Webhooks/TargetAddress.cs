using System.Net;
using System.Net.Sockets;

namespace Alvys.Customers.Domain.Webhooks;

/// <summary>
/// The addresses a webhook may never reach (the contract's SSRF rules): loopback, private (RFC 1918, RFC 4193),
/// link-local (169.254.0.0/16 with the cloud metadata address, fe80::/10), CGNAT (100.64.0.0/10), multicast and
/// unspecified. An IPv4 address written as IPv6 (::ffff:a.b.c.d, and the deprecated ::a.b.c.d) is judged as the IPv4
/// address it is, and so are the IPv4 addresses NAT64 and 6to4 addresses carry: none smuggles one past the IPv4 ranges.
/// </summary>
public static class TargetAddress
{
    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0];

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsForbidden(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] switch
            {
                0 => true,                                  // 0.0.0.0/8: "this network", the unspecified address
                10 => true,                                 // RFC 1918
                127 => true,                                // loopback
                100 => (b[1] & 0xC0) == 64,                 // 100.64.0.0/10: carrier-grade NAT
                169 => b[1] == 254,                         // link-local, the metadata address 169.254.169.254 included
                172 => (b[1] & 0xF0) == 16,                 // RFC 1918: 172.16.0.0/12
                192 => b[1] == 168,                         // RFC 1918: 192.168.0.0/16
                >= 224 => true,                             // multicast (224/4), reserved (240/4) and broadcast
                _ => false,
            };
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        // ::a.b.c.d (IPv4-compatible, deprecated) — :: and ::1 are among them, and both are forbidden as well.
        if (v6[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return v6[12] == 0 || IsForbidden(new IPAddress(v6[12..]));
        }

        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 address that a gateway would reach for us.
        if (v6[..12].SequenceEqual(Nat64Prefix))
        {
            return IsForbidden(new IPAddress(v6[12..]));
        }

        if (v6[0] == 0x20 && v6[1] == 0x02)
        {
            return IsForbidden(new IPAddress(v6[2..6]));
        }

        return IPAddress.IsLoopback(address)
            || address.IsIPv6LinkLocal                      // fe80::/10
            || address.IsIPv6SiteLocal                      // fec0::/10, deprecated
            || address.IsIPv6Multicast                      // ff00::/8
            || (v6[0] & 0xFE) == 0xFC;                      // fc00::/7: unique local (RFC 4193)
    }
}
