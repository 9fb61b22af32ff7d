using System.Globalization;
using System.Threading.RateLimiting;
using Alvys.Customers.Api.Observability;
using Alvys.Customers.Api.Problems;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Infrastructure.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.Limits;

/// <summary>
/// The published limits (<see cref="PartnerRateLimiter"/>): a request needs a permit from its client's bucket and from
/// its tenant's. Token buckets refilled every second, no queueing: every answer carries the IETF draft
/// <c>RateLimit-Policy</c> / <c>RateLimit</c> headers (<see cref="BucketsLeft"/>); an over-limit request is answered at
/// once with 429, <c>Retry-After</c> and those headers naming the bucket that ran dry. Health and OpenAPI
/// endpoints are exempt; a caller without a valid token is limited by its address as if it were a client.
/// </summary>
public static class PartnerRateLimits
{
    public static IServiceCollection AddPartnerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.SectionName));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
            var logs = sp.GetRequiredService<ILoggerFactory>();
            return new PartnerRateLimiter(
                settings,
                sp.GetRequiredService<IOptions<TenancyOptions>>().Value.ClaimType,
                SharedBucketsConnection.Open(settings.Redis, settings.RedisEndpoint, settings.RedisUser, settings.RedisManagedIdentityClientId, logs.CreateLogger<SharedBucketsConnection>()),
                logs.CreateLogger<PartnerRateLimiter>());
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>, PartnerRateLimiter>((options, limits, limiter) =>
        {
            var settings = limits.Value;
            options.GlobalLimiter = limiter;
            options.OnRejected = (context, _) =>
            {
                // Name the bucket that ran dry, so the partner knows whether to slow one client or all of them.
                var exhausted = context.Lease.TryGetMetadata(PartnerRateLimiter.Bucket, out var bucket) && bucket is not null ? bucket : "client";
                return RejectAsync(context, settings, limiter.Policy, exhausted);
            };
        });
        return services;
    }

    /// <summary>A batch spends one token per started ten items from the client's and the tenant's buckets.</summary>
    public const int ItemsPerToken = 10;

    /// <summary>
    /// Takes the rest of a batch's tokens (the limiter took the first on the way in); when the buckets lack them, answers
    /// the 429 the limiter would, and the request goes no further.
    /// </summary>
    public static async Task<bool> TrySpendForItemsAsync(HttpContext context, int items, CancellationToken cancellationToken)
    {
        var extra = ((items + ItemsPerToken - 1) / ItemsPerToken) - 1;
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value;
        if (extra <= 0 || options.GlobalLimiter is not { } limiter)
        {
            return true;
        }

        using var lease = await limiter.AcquireAsync(context, extra, cancellationToken);
        if (lease.IsAcquired)
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (options.OnRejected is { } reject)
        {
            await reject(new OnRejectedContext { HttpContext = context, Lease = lease }, cancellationToken);
        }

        return false;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimitingOptions settings, string policy, string exhausted)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        var seconds = retryAfter.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        // draft-ietf-httpapi-ratelimit-headers: the policies in force and the state of the one exhausted.
        context.Response.Headers["RateLimit-Policy"] = policy;
        context.Response.Headers["RateLimit"] = $"\"{exhausted}\";r=0;t={seconds}";
        context.RequestServices.GetRequiredService<CustomerMetrics>().RateLimited(exhausted);
        await context.RequestServices.GetRequiredService<ProblemWriter>().WriteAsync(
            context,
            ProblemKind.RateLimited,
            $"Rate limit exceeded: at most {settings.PermitsPerClientPerSecond} requests per second per client and " +
            $"{settings.PermitsPerTenantPerSecond} per tenant. Retry after {seconds} s.");
    }
}
