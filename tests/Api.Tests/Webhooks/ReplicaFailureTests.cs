using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Webhooks;

// Processes started and killed: these run alone, after the parallel tests, so that their timing is not starved of the two cores.
[CollectionDefinition(nameof(ReplicaFailureCollection), DisableParallelization = true)]
public sealed class ReplicaFailureCollection;

/// <summary>
/// The API as separate processes on a database of their own (so that no other host of the run holds their change feed
/// lease), killed with SIGKILL while they deliver: every acknowledged write's event still reaches the receiver, in every
/// customer's sequence with no gap; duplicates are allowed (at least once) and counted.
/// </summary>
[Collection(nameof(ReplicaFailureCollection))]
[Trait(TestSpeed.Category, TestSpeed.Slow)]
public sealed class ReplicaFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] AllEvents = ["customer.created", "customer.updated", "customer.deleted", "customer.restored"];
    private static readonly string[] WriteScopes = ["customer:read", "customer:create", "customer:update", "customer:delete"];

    private readonly string _database = "alvys-replicas-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _tenant = ApiFactory.NewTenant();
    private LoopbackReceiver _receiver = null!;

    /// <summary>The webhook tests' delivering host's settings, with a lease expiration short enough that a take-over fits in a test.</summary>
    private static readonly Dictionary<string, string> Delivering = new(WebhooksApi.Delivering)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Webhooks:LeaseExpiration"] = "00:00:03",
    };

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task KilledFiveTimesMidDelivery_EveryEventOfTwoHundredCustomersArrives_InSequence()
    {
        var url = _receiver.NewEndpoint(EndpointBehaviour.EchoSlowly);
        var api = await ApiProcess.StartAsync(_database, Delivering);
        var written = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await ActiveWebhookAsync(api, url);
            for (var round = 0; round < 5; round++)
            {
                // 40 customers created and patched (80 events), every write acknowledged, then the process killed at a
                // random point after this round's first event reached the receiver.
                var customers = await WriteAsync([api], 40, written);
                await UntilAsync(() => Received(url, customers).Count > 0, TimeSpan.FromSeconds(30), "the round's first event");
                await Task.Delay(Random.Shared.Next(0, 500));
                var before = Received(url, customers).Count;
                api.Kill();
                await api.DisposeAsync();
                output.WriteLine($"kill {round + 1}: {before} of the round's {customers.Count * 2} events had reached the receiver");
                api = await ApiProcess.StartAsync(_database, Delivering);
            }

            // The sixth process takes the lease over (after the dead one's expiration), reads the feed from the last
            // checkpoint and sends what is recorded, the dead processes' claimed deliveries once their claims expire.
            await UntilAsync(() => Received(url, written.Keys).Count == written.Count * 2, TimeSpan.FromSeconds(90), "every event");
            AssertEverySequenceWhole(url, written);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task ThreeReplicasShareOneDatabase_TheLeaseOwnerKilled_EveryEventArrives()
    {
        var url = _receiver.NewEndpoint(EndpointBehaviour.EchoSlowly);
        var replicas = new List<ApiProcess>();
        var written = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        try
        {
            // One after another: the first creates the database and its containers.
            for (var i = 0; i < 3; i++)
            {
                replicas.Add(await ApiProcess.StartAsync(_database, Delivering));
            }

            await ActiveWebhookAsync(replicas[0], url);
            // Writes spread over the three replicas: each customer is created on one and patched on the next.
            var first = await WriteAsync(replicas, 75, written);
            await UntilAsync(() => Received(url, first).Count > 0, TimeSpan.FromSeconds(30), "the first event");

            // One partition-key range here, so one lease: one replica reads the feed, the other two stand by (and take
            // due retries). Kill the one whose process id is in the lease's owner, while it delivers.
            var owner = await LeaseOwnerAsync(replicas);
            var before = Received(url, first).Count;
            owner.Kill();
            await owner.DisposeAsync();
            replicas.Remove(owner);
            output.WriteLine($"lease owner (process {owner.Id}) killed with {before} of {first.Count * 2} events received");

            // Then write on through the survivors: one of them takes the lease over and delivers both halves.
            await WriteAsync(replicas, 75, written);
            await UntilAsync(() => Received(url, written.Keys).Count == written.Count * 2, TimeSpan.FromSeconds(90), "every event");
            AssertEverySequenceWhole(url, written);
            var successor = await LeaseOwnerAsync(replicas);
            output.WriteLine($"lease taken over by process {successor.Id}");
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private async Task ActiveWebhookAsync(ApiProcess api, string url)
    {
        var manager = api.ClientFor(_tenant, "webhook:read", "webhook:manage");
        var created = await WebhooksApi.CreateAsync(manager, new { Name = "Replica receiver", Url = url, Events = AllEvents, IncludePreviousAttributes = false });
        var (settled, _) = await WebhooksApi.SettledAsync(manager, created.GetProperty("Id").GetString()!);
        Assert.Equal("Active", settled.GetProperty("Status").GetString());
    }

    /// <summary>Creates and patches <paramref name="count"/> customers, 8 at a time, over the replicas in turn; every write must be acknowledged.</summary>
    private async Task<IReadOnlyCollection<string>> WriteAsync(IReadOnlyList<ApiProcess> replicas, int count, ConcurrentDictionary<string, long> written)
    {
        var clients = replicas.Select(r => r.ClientFor(_tenant, WriteScopes)).ToArray();
        var ids = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (id, etag) = await clients[i % clients.Length].CreateAsync(new { Name = Unique("Replica Co"), Type = "Customer" });
            var patched = await clients[(i + 1) % clients.Length].PatchAsync(id, new { Fax = $"555-{i:D4}" }, etag);
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            written[id] = 2;
            ids.Add(id);
        });
        return ids;
    }

    /// <summary>The distinct event ids the endpoint received for the customers.</summary>
    private HashSet<string> Received(string url, IEnumerable<string> customers)
    {
        var wanted = customers.ToHashSet(StringComparer.Ordinal);
        return _receiver.ReceivedBy(url)
            .Select(r => r.Headers.GetValueOrDefault("X-Alvys-Event-Id"))
            .Where(id => id is not null && wanted.Contains(id[..id.LastIndexOf('.')]))
            .Select(id => id!)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every customer's events 1…revision, each with its own sequence; the duplicates counted and written out.</summary>
    private void AssertEverySequenceWhole(string url, ConcurrentDictionary<string, long> written)
    {
        var events = _receiver.ReceivedBy(url)
            .Where(r => r.Headers.ContainsKey("X-Alvys-Event-Id"))
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Select(body => (Customer: body.GetProperty("data").GetProperty("Id").GetString()!, Sequence: body.GetProperty("sequence").GetInt64()))
            .Where(e => written.ContainsKey(e.Customer))
            .ToArray();
        foreach (var (customer, revision) in written)
        {
            var sequences = events.Where(e => e.Customer == customer).Select(e => e.Sequence).Distinct().Order().ToArray();
            Assert.Equal(Enumerable.Range(1, (int)revision).Select(s => (long)s), sequences);
        }

        var distinct = events.Distinct().Count();
        output.WriteLine($"{written.Count} customers, {distinct} events, {events.Length} deliveries received: {events.Length - distinct} duplicates");
    }

    /// <summary>The replica whose process id is in the lease document's owner (the processor's instance name is machine-pid-guid).</summary>
    private async Task<ApiProcess> LeaseOwnerAsync(IReadOnlyList<ApiProcess> replicas)
    {
        var (endpoint, key) = SharedCosmos.Connection;
        using var counter = new CosmosRequestCounter();
        using var client = CosmosClientFactory.Create(new CosmosOptions { Endpoint = endpoint, Key = key, Database = _database }, counter);
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            // A read feed (no query text): the lease container's documents, without a query plan.
            using var feed = client.GetContainer(_database, new CosmosOptions().LeasesContainer).GetItemQueryIterator<JsonElement>((string?)null);
            var owners = new List<string>();
            while (feed.HasMoreResults)
            {
                owners.AddRange((await feed.ReadNextAsync()).Where(l => l.TryGetProperty("Owner", out var o) && o.ValueKind == JsonValueKind.String).Select(l => l.GetProperty("Owner").GetString()!));
            }

            var owner = replicas.FirstOrDefault(r => owners.Any(o => o.Contains($"-{r.Id}-", StringComparison.Ordinal)));
            if (owner is not null)
            {
                return owner;
            }

            Assert.True(DateTime.UtcNow < until, $"No replica owns the lease after 30 s; owners: {string.Join(", ", owners)}");
            await Task.Delay(200);
        }
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var until = DateTime.UtcNow + within;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Waited {within.TotalSeconds} s for {what}.");
            await Task.Delay(50);
        }
    }
}
