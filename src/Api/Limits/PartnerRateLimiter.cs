using System.Security.Claims;
using System.Threading.RateLimiting;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Infrastructure.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Alvys.Customers.Api.Limits;

/// <summary>
/// The published limits as one limiter: a request needs a permit from its client's token bucket and then from its
/// tenant's — the framework's chain of two partitioned limiters (<see cref="PartitionedRateLimiter.CreateChained{TResource}"/>),
/// which spends the client's permit even when the tenant's bucket is dry and answers the refusing bucket's lease. With a
/// shared Redis (<c>RateLimiting:Redis</c>) the buckets live there and every replica spends from the same ones
/// (RedisRateLimiting's token bucket, one Lua script per bucket, so the check and the spend are one step). When Redis
/// cannot be reached the replica falls back to buckets of its own holding the published limits divided by
/// <c>RateLimiting:Replicas</c>, and goes back to Redis by itself as soon as the connection is up again (SECURITY.md says
/// why fail-open). Without Redis the in-memory buckets hold the whole limits (one replica).
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
    private readonly SharedBucketsConnection? _connection;
    private readonly ILogger _logger;
    private readonly Buckets _clients;
    private readonly Buckets _tenants;
    private readonly PartitionedRateLimiter<HttpContext> _chain;
    private int _fallingBack;

    /// <param name="connection">The shared Redis, or null for in-memory buckets only; the limiter owns and disposes it.</param>
    public PartnerRateLimiter(RateLimitingOptions settings, string tenantClaim, SharedBucketsConnection? connection, ILogger logger)
    {
        _settings = settings;
        _connection = connection;
        _logger = logger;
        _clients = new Buckets(this, "client", settings.PermitsPerClientPerSecond, ClientOf);
        _tenants = new Buckets(this, "tenant", settings.PermitsPerTenantPerSecond, context => TenantOf(context.User, tenantClaim));
        _chain = System.Threading.RateLimiting.PartitionedRateLimiter.CreateChained<HttpContext>(_clients, _tenants);
        Policy = BucketsLeft.Policy(settings);
    }

    /// <summary>The <c>RateLimit-Policy</c> header every limited answer carries: the limits in force, formatted once.</summary>
    public string Policy { get; }

    /// <summary>Whether this replica is spending from its own fallback buckets because Redis is unreachable.</summary>
    public bool IsFallingBack => Volatile.Read(ref _fallingBack) == 1;

    // Every decision is made in AcquireAsyncCore (see DecideAsynchronously), exemptions and limits-off included.
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => DecideAsynchronously;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        if (!_settings.Enabled || IsExempt(resource.Request.Path))
        {
            return ValueTask.FromResult(Granted);
        }

        if (resource.Features.Get<BucketsLeft>() is null)
        {
            // Every answer of a limited request says how much is left, so a client can pace itself before it is refused.
            var left = new BucketsLeft(_settings, Policy);
            resource.Features.Set(left);
            resource.Response.OnStarting(BucketsLeft.WriteHeaders, resource);
        }

        return _chain.AcquireAsync(resource, permitCount, cancellationToken);
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chain.Dispose();
            _clients.Dispose();
            _tenants.Dispose();
            _connection?.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _chain.DisposeAsync();
        await _clients.DisposeAsync();
        await _tenants.DisposeAsync();
        _connection?.Dispose();
    }

    /// <summary>
    /// One kind of bucket (every client's, or every tenant's): in Redis while it answers, else this replica's own share.
    /// A request with no key for it (no tenant) passes.
    /// </summary>
    private sealed class Buckets : PartitionedRateLimiter<HttpContext>
    {
        private readonly PartnerRateLimiter _owner;
        private readonly string _name;
        private readonly int _limit;
        private readonly int _localLimit;
        private readonly Func<HttpContext, string?> _keyOf;
        private readonly PartitionedRateLimiter<string> _local;
        private readonly PartitionedRateLimiter<string>? _shared;

        public Buckets(PartnerRateLimiter owner, string name, int limit, Func<HttpContext, string?> keyOf)
        {
            _owner = owner;
            _name = name;
            _limit = limit;
            _keyOf = keyOf;
            var connection = owner._connection;
            // Alone, a replica's buckets are the service's; beside Redis they are a fallback and hold the replica's share
            // (rounded down: the replicas together stay within the published limits).
            _localLimit = Math.Max(1, limit / (connection is null ? 1 : Math.Max(1, owner._settings.Replicas)));
            _local = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = _localLimit,
                TokensPerPeriod = _localLimit,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            if (connection is not null)
            {
                _shared = PartitionedRateLimiter.Create<string, string>(key => RedisRateLimitPartition.GetTokenBucketRateLimiter(
                    owner._settings.RedisKeyPrefix + key,
                    _ => new RedisTokenBucketRateLimiterOptions
                    {
                        ConnectionMultiplexerFactory = () => connection.Multiplexer,
                        TokenLimit = limit,
                        TokensPerPeriod = limit,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    }));
            }
        }

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => DecideAsynchronously;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
        {
            if (_keyOf(resource) is not { } owner)
            {
                return Granted;
            }

            var key = _name + ":" + owner;
            if (permitCount > _limit)
            {
                // More than the bucket ever holds (a batch against a tiny configured limit): it can never be granted.
                return new Lease(acquired: false, _name, TimeSpan.FromSeconds(1));
            }

            if (_shared is not null && _owner._connection!.Multiplexer.IsConnected)
            {
                try
                {
                    using var shared = await _shared.AcquireAsync(key, permitCount, cancellationToken);
                    _owner.UseShared();
                    if (shared.IsAcquired && shared.TryGetMetadata(RateLimitMetadataName.Remaining.Name, out var remaining) && remaining is long tokens)
                    {
                        resource.Features.Get<BucketsLeft>()?.Leaves(_name, tokens);
                    }

                    return shared.IsAcquired
                        ? Granted
                        : new Lease(acquired: false, _name, TimeSpan.FromSeconds(shared.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var seconds) ? seconds : 1));
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    _owner.FallBack(exception);
                }
            }
            else if (_shared is not null)
            {
                _owner.FallBack(null);
            }

            if (permitCount > _localLimit)
            {
                return new Lease(acquired: false, _name, TimeSpan.FromSeconds(1));
            }

            using var local = _local.AttemptAcquire(key, permitCount);
            if (local.IsAcquired && _local.GetStatistics(key) is { } statistics)
            {
                resource.Features.Get<BucketsLeft>()?.Leaves(_name, statistics.CurrentAvailablePermits);
            }

            return local.IsAcquired
                ? Granted
                : new Lease(acquired: false, _name, local.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1));
        }

        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _local.Dispose();
                _shared?.Dispose();
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
        }
    }

    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);

    private static string? ClientOf(HttpContext context)
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

    private static string? TenantOf(ClaimsPrincipal user, string tenantClaim) =>
        user.Identity?.IsAuthenticated == true && user.TryGetTenantId(tenantClaim, out var tenantId) ? tenantId.Value : null;

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
