using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Reliability;

/// <summary>
/// A bounded soak: 16 concurrent clients mixing creates (racing for a small pool of CompanyNumbers), GET-then-PATCH
/// and GET-then-DELETE (racing for the same customers) and searches, across 3 tenants, for SOAK_SECONDS (default
/// 10; longer runs by setting it). Then the whole store is read back and checked: no 5xx, no lost update (every
/// acknowledged write is in the customer's one chain of versions), every 412 a real race, uniqueness held,
/// tenants never mixed.
/// </summary>
[Collection(ApiHosts.ReliabilityApi)]
public sealed class SoakTests(ApiFactory api, ITestOutputHelper output)
{
    private const int Clients = 16;

    private sealed record Write(string CustomerId, string IfMatch, string NewETag);

    private sealed record Refusal(string CustomerId, string IfMatch);

    private sealed class TenantState(string name)
    {
        public string Name { get; } = name;

        public ConcurrentDictionary<string, string> CreatedETags { get; } = new();

        public ConcurrentBag<Write> Writes { get; } = [];

        public ConcurrentBag<Refusal> Stale { get; } = [];

        public string[] Ids => [.. CreatedETags.Keys];
    }

    private static int SoakSeconds =>
        int.TryParse(Environment.GetEnvironmentVariable("SOAK_SECONDS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 10;

    [Trait(TestSpeed.Category, TestSpeed.Slow)]
    [Fact]
    public async Task MixedConcurrentLoad_LosesNothing_MixesNothing_AndNeverFails()
    {
        var tenants = Enumerable.Range(0, 3).Select(_ => new TenantState(ApiFactory.NewTenant())).ToArray();
        var statusCounts = new ConcurrentDictionary<int, int>();
        var requests = 0;
        var serverErrors = new ConcurrentBag<string>();
        var clients = Enumerable.Range(0, Clients)
            .Select(w => api.ClientFor(tenants[w % tenants.Length].Name, "customer:read", "customer:create", "customer:update", "customer:delete"))
            .ToArray();
        // Host start-up and the Cosmos client's first metadata reads happen before the clock starts.
        Assert.Equal(HttpStatusCode.OK, (await clients[0].GetAsync("/health/ready")).StatusCode);
        var stopAt = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(SoakSeconds);

        async Task<HttpResponseMessage> Send(Func<Task<HttpResponseMessage>> call, string what)
        {
            var response = await call();
            Interlocked.Increment(ref requests);
            statusCounts.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500)
            {
                serverErrors.Add($"{(int)response.StatusCode} {what}: {await response.Content.ReadAsStringAsync()}");
            }

            return response;
        }

        async Task Worker(int worker)
        {
            var random = new Random(worker);
            var tenant = tenants[worker % tenants.Length];
            var client = clients[worker];
            // Requests are bounded in time and in number.
            for (var i = 0; i < 5000 && stopAt.Elapsed < duration; i++)
            {
                var ids = tenant.Ids;
                var roll = random.Next(100);
                if (roll < 30 || ids.Length < 4)
                {
                    var body = new { Name = $"Soak {worker}-{i}", Type = "Customer", CompanyNumber = $"SOAK-{random.Next(40)}" };
                    var response = await Send(() => client.PostAsync(CustomersPath, JsonBody(body)), "create");
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var id = (await response.ReadJsonAsync()).GetProperty("Id").GetString()!;
                        tenant.CreatedETags[id] = response.Headers.ETag!.Tag;
                    }
                }
                else if (roll < 80)
                {
                    var id = ids[random.Next(ids.Length)];
                    var read = await Send(() => client.GetAsync($"{CustomersPath}/{id}"), "read");
                    if (read.StatusCode != HttpStatusCode.OK)
                    {
                        continue;
                    }

                    var etag = read.Headers.ETag!.Tag;
                    var delete = roll >= 70;
                    var response = delete
                        ? await Send(() => client.DeleteAsync(id, etag), "delete")
                        : await Send(() => client.PatchAsync(id, new { Fax = $"fax-{worker}-{i}" }, etag), "patch");
                    if (response.IsSuccessStatusCode)
                    {
                        tenant.Writes.Add(new Write(id, etag, response.Headers.ETag!.Tag));
                    }
                    else if (response.StatusCode == HttpStatusCode.PreconditionFailed)
                    {
                        tenant.Stale.Add(new Refusal(id, etag));
                    }
                }
                else
                {
                    var page = random.Next(3);
                    await Send(() => client.PostAsync($"{CustomersPath}/search", JsonBody(new { page, pageSize = 20, statuses = new[] { "Active", "Inactive" } })), "search");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(w => Task.Run(() => Worker(w))));
        output.WriteLine($"soak: {SoakSeconds} s, {Clients} clients, {requests} requests; statuses: " +
            string.Join(", ", statusCounts.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}")));

        Assert.Empty(serverErrors);
        Assert.True(statusCounts.GetValueOrDefault(200) > 0 && statusCounts.GetValueOrDefault(412) > 0 && statusCounts.GetValueOrDefault(409) > 0,
            "the load must produce successes, stale-version races and uniqueness races to prove anything");

        var lost = 0;
        foreach (var tenant in tenants)
        {
            lost += await VerifyTenantAsync(tenant, tenants);
        }

        output.WriteLine($"lost updates: {lost}");
        Assert.Equal(0, lost);
    }

    /// <summary>Reads the tenant's whole store back and checks it against everything that was acknowledged.</summary>
    private async Task<int> VerifyTenantAsync(TenantState tenant, TenantState[] all)
    {
        var client = api.ClientFor(tenant.Name, "customer:read");
        var stored = new List<JsonElement>();
        for (var page = 0; ; page++)
        {
            var response = await client.PostAsync($"{CustomersPath}/search", JsonBody(new { page, pageSize = 1000, statuses = new[] { "Active", "Inactive" } }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = (await response.ReadJsonAsync()).GetProperty("Items").EnumerateArray().ToArray();
            stored.AddRange(items);
            if (items.Length < 1000)
            {
                break;
            }
        }

        // Tenants never mixed: exactly the customers this tenant created, none of another's.
        var storedIds = stored.Select(s => s.GetProperty("Id").GetString()!).ToHashSet();
        Assert.Equal(tenant.CreatedETags.Keys.ToHashSet(), storedIds);
        foreach (var other in all.Where(t => t != tenant))
        {
            Assert.Empty(storedIds.Intersect(other.CreatedETags.Keys));
        }

        // Uniqueness held: no CompanyNumber twice (trimmed, case-insensitive).
        var numbers = stored.Select(s => s.GetProperty("CompanyNumber").GetString()).Where(n => n is not null).Select(n => n!.Trim().ToUpperInvariant()).ToArray();
        Assert.Equal(numbers.Length, numbers.Distinct().Count());

        var lost = 0;
        foreach (var id in storedIds)
        {
            var current = (await client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag;
            // Only writes that made a new version consume the version they were conditional on.
            var writes = tenant.Writes.Where(w => w.CustomerId == id && w.NewETag != w.IfMatch).ToArray();
            var next = new Dictionary<string, string>();
            foreach (var write in writes)
            {
                if (!next.TryAdd(write.IfMatch, write.NewETag))
                {
                    lost++; // Two acknowledged writes from one version: one of them was silently overwritten.
                }
            }

            // Every acknowledged write lies on the single chain from the created version to the stored one.
            var chain = 0;
            for (var version = tenant.CreatedETags[id]; next.TryGetValue(version, out var successor); version = successor)
            {
                chain++;
                if (chain > writes.Length)
                {
                    break;
                }
            }

            var end = tenant.CreatedETags[id];
            for (var step = 0; step < chain; step++)
            {
                end = next[end];
            }

            if (chain != writes.Length || end != current)
            {
                lost++;
            }

            // Every 412 was a real race: the version it named had been replaced by an acknowledged write.
            foreach (var refusal in tenant.Stale.Where(r => r.CustomerId == id))
            {
                Assert.True(next.ContainsKey(refusal.IfMatch), $"412 for {id} with {refusal.IfMatch}, a version nobody replaced");
            }
        }

        return lost;
    }
}
