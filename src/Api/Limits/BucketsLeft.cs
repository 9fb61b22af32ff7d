using System.Globalization;

namespace Alvys.Customers.Api.Limits;

/// <summary>
/// What a granted request left in its client's and its tenant's buckets, written on its answer as the IETF draft's
/// (draft-ietf-httpapi-ratelimit-headers) <c>RateLimit-Policy</c> (the limits in force) and <c>RateLimit</c> (the bucket
/// closest to empty, by the share of its limit left: <c>r</c> permits remaining, <c>t</c> seconds until it refills).
/// A 429 writes its own, naming the bucket that ran dry.
/// </summary>
internal sealed class BucketsLeft(RateLimitingOptions settings, string policy)
{
    private readonly RateLimitingOptions _settings = settings;
    private readonly string _policy = policy;
    private long? _client;
    private long? _tenant;

    public void Leaves(string bucket, long remaining)
    {
        if (bucket == "client")
        {
            _client = remaining;
        }
        else
        {
            _tenant = remaining;
        }
    }

    /// <summary>The limits in force, the same on every answer (formatted once, by <see cref="PartnerRateLimiter.Policy"/>).</summary>
    public static string Policy(RateLimitingOptions settings) =>
        $"\"client\";q={settings.PermitsPerClientPerSecond};w=1, \"tenant\";q={settings.PermitsPerTenantPerSecond};w=1";

    public static Task WriteHeaders(object state)
    {
        var context = (HttpContext)state;
        if (context.Features.Get<BucketsLeft>() is { } left && !context.Response.Headers.ContainsKey("RateLimit") && left.Closest() is var (bucket, remaining))
        {
            context.Response.Headers["RateLimit-Policy"] = left._policy;
            // Both buckets refill every second.
            context.Response.Headers["RateLimit"] = $"\"{bucket}\";r={remaining.ToString(CultureInfo.InvariantCulture)};t=1";
        }

        return Task.CompletedTask;
    }

    private (string Bucket, long Remaining)? Closest() => (_client, _tenant) switch
    {
        (null, null) => null,
        ({ } client, null) => ("client", client),
        (null, { } tenant) => ("tenant", tenant),
        ({ } client, { } tenant) => (double)tenant / Math.Max(1, _settings.PermitsPerTenantPerSecond) < (double)client / Math.Max(1, _settings.PermitsPerClientPerSecond)
            ? ("tenant", tenant)
            : ("client", client),
    };
}
