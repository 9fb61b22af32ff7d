using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>
/// The <c>X-Alvys-Signature</c> of a delivery, as Alvys signs its tender webhooks, so a partner verifies both with the
/// same code: lower-case hex of HMAC-SHA256 keyed with the UTF-8 bytes of the whole secret, over
/// <c>{timestamp}.{event id}.{raw body}</c>.
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string secret, long timestamp, string eventId, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{timestamp}.{eventId}."));
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>
    /// <c>t={timestamp},v1={hex}</c>, and <c>,v0={hex}</c> with the previous secret while a rotation's 24 hours run.
    /// </summary>
    public static string Header(long timestamp, string eventId, ReadOnlySpan<byte> body, string secret, string? previousSecret)
    {
        var header = string.Create(CultureInfo.InvariantCulture, $"t={timestamp},v1={Sign(secret, timestamp, eventId, body)}");
        return previousSecret is null ? header : $"{header},v0={Sign(previousSecret, timestamp, eventId, body)}";
    }
}
