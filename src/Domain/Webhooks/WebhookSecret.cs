using System.Security.Cryptography;

namespace Alvys.Customers.Domain.Webhooks;

/// <summary>
/// The key a webhook's deliveries are signed with: <c>whsec_</c> and 32 random bytes in base64url, shown to the partner
/// only when created or rotated.
/// </summary>
public sealed record WebhookSecret(string Value)
{
    public const string Prefix = "whsec_";

    public static WebhookSecret New() =>
        new(Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    /// <summary>Never the secret itself, so that logging a webhook cannot leak it.</summary>
    public override string ToString() => Prefix + "…";
}
