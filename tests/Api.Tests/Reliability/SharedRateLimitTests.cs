using System.Diagnostics;
using System.Net;
using Alvys.Customers.Api.Limits;
using Alvys.Customers.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Reliability;

// Timed load: these run alone, after the parallel tests, so that their pacing is not starved of the two cores.
[CollectionDefinition(nameof(SharedRateLimitCollection), DisableParallelization = true)]
public sealed class SharedRateLimitCollection : ICollectionFixture<SharedLimitReplicas>;

/// <summary>
/// One real redis-server and two sets of three API replicas, started once for every test of the collection: one set
/// spends from buckets in that Redis, the other has only buckets of its own. Each test uses tenants and clients of its
/// own, so the buckets of one test are never another's.
/// </summary>
public sealed class SharedLimitReplicas : IDisposable
{
    public const int ClientLimit = 10;
    public const int TenantLimit = 50;

    private readonly Lazy<ApiFactory[]> _shared;
    private readonly Lazy<ApiFactory[]> _alone;

    public SharedLimitReplicas()
    {
        _shared = new(() => Replicas(Redis.ConnectionString));
        _alone = new(() => Replicas(null));
    }

    public RedisServer Redis { get; } = new();

    /// <summary>Three replicas sharing the buckets in <see cref="Redis"/>.</summary>
    public ApiFactory[] Shared => _shared.Value;

    /// <summary>Three replicas with buckets of their own each.</summary>
    public ApiFactory[] Alone => _alone.Value;

    private static ApiFactory[] Replicas(string? redisConnection) => Enumerable.Range(0, 3).Select(_ => ApiFactory.With(
        new Dictionary<string, string>
        {
            ["RateLimiting:PermitsPerClientPerSecond"] = ClientLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:PermitsPerTenantPerSecond"] = TenantLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:Replicas"] = "3",
            ["RateLimiting:Redis"] = redisConnection ?? "",
        },
        _ => { })).ToArray();

    public void Dispose()
    {
        foreach (var host in (_shared.IsValueCreated ? _shared.Value : []).Concat(_alone.IsValueCreated ? _alone.Value : []))
        {
            host.Dispose();
        }

        Redis.Dispose();
    }
}

/// <summary>
/// The published limits — 10 requests/s per client, 50 per tenant — held by the service as a whole: three API
/// replicas (three hosts in this process) spend from buckets in one real Redis. The same load against three replicas
/// without Redis shows what the shared buckets prevent: each replica letting the whole limit through.
/// </summary>
[Collection(nameof(SharedRateLimitCollection))]
[Trait(TestSpeed.Category, TestSpeed.Slow)]
public sealed class SharedRateLimitTests(SharedLimitReplicas replicas, ITestOutputHelper output)
{
    private RedisServer Redis => replicas.Redis;

    // An id that cannot exist: answered 404 without touching the database, so only the limiter is measured.
    private const string CheapPath = "/api/p/v1/customers/not-a-customer";

    private const int ClientLimit = SharedLimitReplicas.ClientLimit;
    private const int TenantLimit = SharedLimitReplicas.TenantLimit;

    /// <summary>
    /// Sends <paramref name="perSecond"/> requests a second for <paramref name="duration"/>, each at its own time
    /// (not after the previous answer), round-robin over <paramref name="clients"/>.
    /// </summary>
    private static async Task<(TimeSpan SentAt, HttpStatusCode Status)[]> PacedAsync(
        IReadOnlyList<HttpClient> clients, int perSecond, TimeSpan duration, Func<TimeSpan, Task>? onTick = null)
    {
        var clock = Stopwatch.StartNew();
        var total = (int)(perSecond * duration.TotalSeconds);
        var sent = new List<Task<(TimeSpan, HttpStatusCode)>>(total);
        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds(i / (double)perSecond) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            if (onTick is not null)
            {
                await onTick(clock.Elapsed);
            }

            sent.Add(SendAsync(clients[i % clients.Count], clock));
        }

        return await Task.WhenAll(sent);
    }

    private static async Task<(TimeSpan, HttpStatusCode)> SendAsync(HttpClient client, Stopwatch clock)
    {
        var at = clock.Elapsed;
        using var response = await client.GetAsync(CheapPath);
        return (at, response.StatusCode);
    }

    private static int Through(IEnumerable<(TimeSpan SentAt, HttpStatusCode Status)> results) => results.Count(r => r.Status == HttpStatusCode.NotFound);

    private static HttpClient[] ClientsOf(ApiFactory[] replicas, string tenant, string clientId) =>
        replicas.Select(replica => replica.ClientWithToken(TestTokens.Create(tenant, ["customer:read"], clientId: clientId))).ToArray();

    /// <summary>
    /// The same paced load against three replicas sharing Redis and three without it: with Redis, within one bucket of
    /// limit × seconds; without, each replica lets the whole limit through — the multiplication the shared buckets remove.
    /// </summary>
    private async Task SharedAndAloneAsync(string load, Func<ApiFactory[], HttpClient[]> clientsOf, int perSecond, int limit)
    {
        const int seconds = 3;
        // The same load on one replica alone first (its own buckets, the whole limits): the figure the three must match.
        var singleResults = await PacedAsync(clientsOf([replicas.Alone[0]]), perSecond, TimeSpan.FromSeconds(seconds));
        var sharedResults = await PacedAsync(clientsOf(replicas.Shared), perSecond, TimeSpan.FromSeconds(seconds));
        var aloneResults = await PacedAsync(clientsOf(replicas.Alone), perSecond, TimeSpan.FromSeconds(seconds));

        var single = Through(singleResults);
        var withRedis = Through(sharedResults);
        var withoutRedis = Through(aloneResults);
        output.WriteLine(
            $"{load}, {perSecond} requests/s for {seconds} s: one replica {single} through ({single / (double)seconds:0.0}/s); " +
            $"three replicas with Redis {withRedis} ({withRedis / (double)seconds:0.0}/s), without {withoutRedis} ({withoutRedis / (double)seconds:0.0}/s)");
        Assert.DoesNotContain(singleResults.Concat(sharedResults).Concat(aloneResults), r => r.Status is not (HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests));
        // A full bucket to start with, then one refill a second.
        Assert.InRange(single, limit * (seconds - 1), limit * (seconds + 1));
        Assert.InRange(withRedis, limit * (seconds - 1), limit * (seconds + 1));
        Assert.True(withoutRedis >= 2 * limit * seconds, $"without Redis {withoutRedis} went through");
    }

    [Fact]
    public Task OneClientSpreadOverThreeReplicas_GetsTenPerSecond_AndWithoutRedisThreeTimesThat()
    {
        var tenant = ApiFactory.NewTenant();
        return SharedAndAloneAsync("one client", replicas => ClientsOf(replicas, tenant, Unique("spread")), 60, ClientLimit);
    }

    [Fact]
    public Task TenClientsOfOneTenantOverThreeReplicas_GetFiftyPerSecond_AndWithoutRedisMore()
    {
        var tenant = ApiFactory.NewTenant();
        // Ten clients at 15/s each (150/s): every client within reach of its own 10/s, the tenant far above its 50/s.
        return SharedAndAloneAsync(
            "one tenant, ten clients",
            replicas => Enumerable.Range(0, 10).SelectMany(i => ClientsOf(replicas, tenant, Unique($"fleet{i}"))).ToArray(),
            150,
            TenantLimit);
    }

    [Fact]
    public async Task ARefusalFromTheSharedBuckets_IsThePublished429()
    {
        var clients = ClientsOf(replicas.Shared, ApiFactory.NewTenant(), Unique("burst"));
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => clients[i % 3].GetAsync(CheapPath)));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.InRange(responses.Length - limited.Length, ClientLimit, 2 * ClientLimit);
        var first = limited[0];
        var problem = await first.AssertProblemAsync(HttpStatusCode.TooManyRequests, "RateLimited");
        Assert.Contains("10 requests per second per client", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.InRange(int.Parse(Assert.Single(first.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture), 1, 1);
        Assert.Equal("\"client\";q=10;w=1, \"tenant\";q=50;w=1", Assert.Single(first.Headers.GetValues("RateLimit-Policy")));
        Assert.Equal("\"client\";r=0;t=1", Assert.Single(first.Headers.GetValues("RateLimit")));
        // A granted answer says what the shared bucket closest to empty has left, whichever replica answered it.
        var granted = responses.Where(r => r.StatusCode != HttpStatusCode.TooManyRequests).Select(r => Assert.Single(r.Headers.GetValues("RateLimit"))).ToArray();
        Assert.All(granted, header => Assert.Matches("""^"(client|tenant)";r=\d+;t=1$""", header));
        Assert.True(granted.Distinct().Count() > 1, string.Join(" ", granted));
    }

    [Fact]
    public async Task ABatchOnOneReplica_SpendsTheSharedBucket_ThatTheOthersThenRefuse()
    {
        var tenant = ApiFactory.NewTenant();
        var clientId = Unique("batcher");
        var writer = replicas.Shared[0].ClientWithToken(TestTokens.Create(tenant, ["customer:create", "customer:read"], clientId: clientId));
        var reader = replicas.Shared[1].ClientWithToken(TestTokens.Create(tenant, ["customer:create", "customer:read"], clientId: clientId));
        // 100 items refused on their own fields: ten tokens, the whole bucket, and no database work.
        var items = Enumerable.Range(0, 100).Select(i => new { ExternalId = Unique($"b{i}"), Name = "", Type = "Customer" }).ToArray();

        var refusedRightAfter = false;
        for (var attempt = 0; attempt < 3 && !refusedRightAfter; attempt++)
        {
            var batch = await writer.PostAsync("/api/p/v1/customers/external/batch", JsonBody(new { Items = items }));
            var next = await reader.GetAsync(CheapPath);
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
            refusedRightAfter = next.StatusCode == HttpStatusCode.TooManyRequests;
            await Task.Delay(1100);
        }

        Assert.True(refusedRightAfter, "a batch of 100 on one replica spent the client's ten tokens for all replicas");
    }

    [Fact]
    public async Task RedisKilledMidRun_NoRequestFails_EachReplicaKeepsItsShare_AndSharedLimitsReturnWithRedis()
    {
        try
        {
            var limiters = replicas.Shared.Select(replica => replica.Services.GetRequiredService<PartnerRateLimiter>()).ToArray();
            var clients = ClientsOf(replicas.Shared, ApiFactory.NewTenant(), Unique("steady"));
            TimeSpan? killedAt = null, restartedAt = null, recoveredAt = null;

            var results = await PacedAsync(clients, 30, TimeSpan.FromSeconds(10), at =>
            {
                if (killedAt is null && at >= TimeSpan.FromSeconds(2))
                {
                    Redis.Kill();
                    killedAt = at;
                }
                else if (restartedAt is null && at >= TimeSpan.FromSeconds(5))
                {
                    Redis.Start();
                    restartedAt = at;
                }
                else if (restartedAt is not null && recoveredAt is null && limiters.All(limiter => !limiter.IsFallingBack))
                {
                    recoveredAt = at;
                }

                return Task.CompletedTask;
            });

            Assert.NotNull(restartedAt);
            Assert.NotNull(recoveredAt);
            var recovery = recoveredAt.Value - restartedAt.Value;
            // While Redis is away: the fallback buckets, floor(10 / 3) = 3 a second on each of the three replicas.
            var down = results.Where(r => r.SentAt >= killedAt!.Value + TimeSpan.FromSeconds(0.5) && r.SentAt < restartedAt.Value).ToArray();
            var after = results.Where(r => r.SentAt >= recoveredAt.Value + TimeSpan.FromSeconds(1)).ToArray();
            var downSeconds = (restartedAt.Value - killedAt!.Value - TimeSpan.FromSeconds(0.5)).TotalSeconds;
            var afterSeconds = TimeSpan.FromSeconds(10).TotalSeconds - (recoveredAt.Value.TotalSeconds + 1);
            output.WriteLine(
                $"Redis killed at {killedAt.Value.TotalSeconds:0.00} s, started again at {restartedAt.Value.TotalSeconds:0.00} s; shared limits back after {recovery.TotalMilliseconds:0} ms. " +
                $"Through while down: {Through(down)} in {downSeconds:0.0} s; after: {Through(after)} in {afterSeconds:0.0} s; " +
                $"statuses: {string.Join(", ", results.GroupBy(r => (int)r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}");

            // Fail-open to the fallback: no request is answered 5xx because Redis went away.
            Assert.DoesNotContain(results, r => r.Status is not (HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests));
            Assert.InRange(recovery, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            // The replicas together stay within the published limit while on their own (one bucket of slack each).
            Assert.InRange(Through(down), 1, (int)Math.Ceiling(3 * 3 * downSeconds) + 9);
            Assert.InRange(Through(after), (int)(ClientLimit * (afterSeconds - 1)), (int)(ClientLimit * (afterSeconds + 1)));
        }
        finally
        {
            if (!Redis.Answers())
            {
                Redis.Start();
            }
        }
    }
}
