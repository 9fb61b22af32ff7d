using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Alvys.Customers.Api.Observability;
using Alvys.Customers.Api.Problems;
using Alvys.Customers.Api.Security;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.Limits;

/// <summary>
/// The published limits, chained: a request needs a permit from its client's bucket and from its tenant's.
/// Token buckets refilled every second, no queueing: an over-limit request is answered at once with 429,
/// <c>Retry-After</c> and the IETF draft <c>RateLimit-Policy</c> / <c>RateLimit</c> headers. Health and OpenAPI
/// endpoints are exempt; a caller without a valid token is limited by its address as if it were a client.
/// </summary>
public static class PartnerRateLimits
{
    public static IServiceCollection AddPartnerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().Bind(configuration.GetSection(RateLimitingOptions.SectionName));
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>, IOptions<TenancyOptions>>((options, limits, tenancy) =>
        {
            var settings = limits.Value;
            var tenantClaim = tenancy.Value.ClaimType;
            var perClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                Partition(context, settings, "client:" + ClientOf(context), settings.PermitsPerClientPerSecond));
            var perTenant = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                TenantOf(context.User, tenantClaim) is { } tenant
                    ? Partition(context, settings, "tenant:" + tenant, settings.PermitsPerTenantPerSecond)
                    : RateLimitPartition.GetNoLimiter("tenant:none"));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perClient, perTenant);
            options.OnRejected = (context, _) =>
            {
                // Name the bucket that ran dry, so the partner knows whether to slow one client or all of them.
                var exhausted = perTenant.GetStatistics(context.HttpContext)?.CurrentAvailablePermits == 0 ? "tenant" : "client";
                return RejectAsync(context, settings, exhausted);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitingOptions settings, string key, int permitsPerSecond) =>
        !settings.Enabled || IsExempt(context.Request.Path)
            ? RateLimitPartition.GetNoLimiter("exempt")
            : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = permitsPerSecond,
                TokensPerPeriod = permitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    private static string ClientOf(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var client = user.FindFirst("azp")?.Value ?? user.FindFirst("client_id")?.Value ?? user.FindFirst("sub")?.Value;
            if (!string.IsNullOrEmpty(client))
            {
                return client;
            }
        }

        return "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static string? TenantOf(ClaimsPrincipal user, string claimType) =>
        user.Identity?.IsAuthenticated == true && user.TryGetTenantId(claimType, out var tenantId) ? tenantId.Value : null;

    private static async ValueTask RejectAsync(OnRejectedContext rejected, RateLimitingOptions settings, string exhausted)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
            ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
            : 1;
        var seconds = retryAfter.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        // draft-ietf-httpapi-ratelimit-headers: the policies in force and the state of the one exhausted.
        context.Response.Headers["RateLimit-Policy"] =
            $"\"client\";q={settings.PermitsPerClientPerSecond};w=1, \"tenant\";q={settings.PermitsPerTenantPerSecond};w=1";
        context.Response.Headers["RateLimit"] = $"\"{exhausted}\";r=0;t={seconds}";
        context.RequestServices.GetRequiredService<CustomerMetrics>().RateLimited(exhausted);
        await context.RequestServices.GetRequiredService<ProblemWriter>().WriteAsync(
            context,
            ProblemKind.RateLimited,
            $"Rate limit exceeded: at most {settings.PermitsPerClientPerSecond} requests per second per client and " +
            $"{settings.PermitsPerTenantPerSecond} per tenant. Retry after {seconds} s.");
    }
}
