using System.Security.Claims;
using System.Threading.RateLimiting;
using Alvys.Customers.Api.Security;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Alvys.Customers.Api.Limits;

/// <summary>
/// The published limits as one limiter: a request needs a permit from its client's token bucket and then from its
/// tenant's. With a shared Redis (<c>RateLimiting:Redis</c>) the buckets live there and every replica spends from
/// the same ones (RedisRateLimiting's token bucket, one Lua script per bucket, so the check and the spend are one
/// step). When Redis cannot be reached the replica falls back to buckets of its own holding the published limits
/// divided by <c>RateLimiting:Replicas</c>, and goes back to Redis by itself as soon as the connection is up again
/// (SECURITY.md says why fail-open). Without Redis the in-memory buckets hold the whole limits (one replica).
/// </summary>
public sealed class PartnerRateLimiter : PartitionedRateLimiter<HttpContext>
{
    /// <summary>The lease metadata naming the bucket that ran dry: "client" or "tenant".</summary>
    public static readonly MetadataName<string> Bucket = MetadataName.Create<string>("ALVYS_BUCKET");

    private static readonly RateLimitLease Granted = new Lease(acquired: true, bucket: null, retryAfter: TimeSpan.Zero);

    // Redis acquires only asynchronously (one round trip): the rate-limiting middleware, finding a synchronous attempt
    // refused, always goes on to AcquireAsync, which decides. In-memory buckets answer that call synchronously.
    private static readonly RateLimitLease DecideAsynchronously = new Lease(acquired: false, bucket: null, retryAfter: TimeSpan.Zero);

    private readonly RateLimitingOptions _settings;
    private readonly string _tenantClaim;
    private readonly PartitionedRateLimiter<string> _local;
    private readonly PartitionedRateLimiter<string>? _shared;
    private readonly SharedBucketsConnection? _connection;
    private readonly ILogger _logger;
    private readonly int _share;
    private int _fallingBack;

    /// <param name="connection">The shared Redis, or null for in-memory buckets only; the limiter owns and disposes it.</param>
    public PartnerRateLimiter(RateLimitingOptions settings, string tenantClaim, SharedBucketsConnection? connection, ILogger logger)
    {
        _settings = settings;
        _tenantClaim = tenantClaim;
        _connection = connection;
        _logger = logger;
        // Alone, a replica's buckets are the service's; beside Redis they are a fallback and hold the replica's share.
        _share = connection is null ? 1 : Math.Max(1, settings.Replicas);
        _local = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
        {
            var permits = LocalLimitOf(key);
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = permits,
                TokensPerPeriod = permits,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        }));
        if (connection is not null)
        {
            _shared = PartitionedRateLimiter.Create<string, string>(key => RedisRateLimitPartition.GetTokenBucketRateLimiter(
                settings.RedisKeyPrefix + key,
                _ => new RedisTokenBucketRateLimiterOptions
                {
                    ConnectionMultiplexerFactory = () => connection.Multiplexer,
                    TokenLimit = LimitOf(key),
                    TokensPerPeriod = LimitOf(key),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                }));
        }
    }

    /// <summary>Whether this replica is spending from its own fallback buckets because Redis is unreachable.</summary>
    public bool IsFallingBack => Volatile.Read(ref _fallingBack) == 1;

    private int LimitOf(string key) => key.StartsWith("tenant:", StringComparison.Ordinal) ? _settings.PermitsPerTenantPerSecond : _settings.PermitsPerClientPerSecond;

    // Rounded down: the replicas together stay within the published limits.
    private int LocalLimitOf(string key) => Math.Max(1, LimitOf(key) / _share);

    // Every decision is made in AcquireAsyncCore (see DecideAsynchronously), exemptions and limits-off included.
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => DecideAsynchronously;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (!_settings.Enabled || IsExempt(resource.Request.Path))
        {
            return Granted;
        }

        var client = await AcquireAsync("client:" + ClientOf(resource), permitCount, cancellationToken);
        if (!client.IsAcquired)
        {
            return client;
        }

        if (TenantOf(resource.User) is not { } tenant)
        {
            return Granted;
        }

        // The client's permit is spent even when the tenant's bucket is dry, as with any chained limiter.
        return await AcquireAsync("tenant:" + tenant, permitCount, cancellationToken);
    }

    private async ValueTask<RateLimitLease> AcquireAsync(string key, int permitCount, CancellationToken cancellationToken)
    {
        var bucket = key[..key.IndexOf(':', StringComparison.Ordinal)];
        if (permitCount > LimitOf(key))
        {
            // More than the bucket ever holds (a batch against a tiny configured limit): it can never be granted.
            return new Lease(acquired: false, bucket, TimeSpan.FromSeconds(1));
        }

        if (_shared is not null && _connection!.Multiplexer.IsConnected)
        {
            try
            {
                using var shared = await _shared.AcquireAsync(key, permitCount, cancellationToken);
                UseShared();
                return shared.IsAcquired
                    ? Granted
                    : new Lease(acquired: false, bucket, TimeSpan.FromSeconds(shared.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? seconds : 1));
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                FallBack(exception);
            }
        }
        else if (_shared is not null)
        {
            FallBack(null);
        }

        if (permitCount > LocalLimitOf(key))
        {
            return new Lease(acquired: false, bucket, TimeSpan.FromSeconds(1));
        }

        using var local = _local.AttemptAcquire(key, permitCount);
        return local.IsAcquired
            ? Granted
            : new Lease(acquired: false, bucket, local.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
    }

    private void FallBack(Exception? exception)
    {
        if (Interlocked.Exchange(ref _fallingBack, 1) == 0)
        {
            _logger.LogWarning(exception, "Shared rate-limit buckets unreachable: this replica limits on its own, at 1/{Replicas} of the published limits, until Redis is back", Math.Max(1, _settings.Replicas));
        }
    }

    private void UseShared()
    {
        if (Interlocked.Exchange(ref _fallingBack, 0) == 1)
        {
            _logger.LogWarning("Shared rate-limit buckets reachable again: limits are the service's once more");
        }
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
            _shared?.Dispose();
            _connection?.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _local.DisposeAsync();
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }

        _connection?.Dispose();
    }

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

    private string? TenantOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.TryGetTenantId(_tenantClaim, out var tenantId) ? tenantId.Value : null;

    /// <summary>A decision: granted, or refused naming the bucket and how long until it holds a permit again.</summary>
    private sealed class Lease(bool acquired, string? bucket, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => bucket is null ? [] : [Bucket.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = bucket is null ? null
                : metadataName == Bucket.Name ? bucket
                : metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : null;
            return metadata is not null;
        }
    }
}
