using System.Net;
using Ardalis.Result;

namespace Alvys.Customers.Domain.Webhooks;

/// <summary>
/// Where a webhook posts: an absolute https URL of at most 2,048 characters, without user-info, whose host is not an
/// address <see cref="TargetAddress"/> forbids nor <c>localhost</c>. A host name's resolved addresses are judged again
/// when resolving and at every connection (Infrastructure), so a DNS answer that changes later cannot reach them.
/// </summary>
public sealed record WebhookUrl
{
    public const int MaxLength = 2048;

    private WebhookUrl(Uri value) => Value = value;

    public Uri Value { get; }

    /// <param name="allowLoopback">
    /// <c>Webhooks:AllowLoopbackTargets</c>, for local development and tests only: also <c>http://127.0.0.1:{port}</c>
    /// and <c>http://localhost:{port}</c> (and the same over https).
    /// </param>
    public static Result<WebhookUrl> Create(string? candidate, bool allowLoopback)
    {
        if (string.IsNullOrWhiteSpace(candidate))
        {
            return Invalid("Url is required.");
        }

        if (candidate.Length > MaxLength)
        {
            return Invalid($"Url must be at most {MaxLength} characters.");
        }

        if (!Uri.TryCreate(candidate.Trim(), UriKind.Absolute, out var url) || url.IsFile || url.IsUnc || string.IsNullOrEmpty(url.Host))
        {
            return Invalid("Url must be an absolute https URL.");
        }

        if (url.UserInfo.Length > 0)
        {
            return Invalid("Url must not carry user-info (user:password@).");
        }

        var loopback = allowLoopback && IsLoopbackTarget(url);
        if (url.Scheme != Uri.UriSchemeHttps && !(loopback && url.Scheme == Uri.UriSchemeHttp))
        {
            return Invalid("Url must use https.");
        }

        if (!loopback && IsForbiddenHost(url))
        {
            return Invalid("Url must not point at a loopback, private, link-local, CGNAT, multicast or unspecified address.");
        }

        return new WebhookUrl(url);
    }

    /// <summary>A stored URL as it was accepted; every connection still judges the addresses it resolves to.</summary>
    public static WebhookUrl Rehydrate(string stored) => new(new Uri(stored, UriKind.Absolute));

    public override string ToString() => Value.AbsoluteUri;

    /// <summary>The development exception: 127.0.0.1 or localhost, with an explicit port.</summary>
    private static bool IsLoopbackTarget(Uri url) =>
        !url.IsDefaultPort && (url.Host == "127.0.0.1" || url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase));

    private static bool IsForbiddenHost(Uri url)
    {
        var host = url.DnsSafeHost;
        if (IPAddress.TryParse(host, out var literal))
        {
            return TargetAddress.IsForbidden(literal);
        }

        // Names every resolver answers with loopback (RFC 6761), whatever DNS says.
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static Result<WebhookUrl> Invalid(string message) =>
        Result.Invalid(new ValidationError("Url", message, "InvalidUrl", ValidationSeverity.Error));
}
