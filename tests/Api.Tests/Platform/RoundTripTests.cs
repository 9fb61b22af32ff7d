using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>
/// Cosmos round trips per API request, counted where requests leave the Cosmos client. This class has an
/// API host of its own, so requests of tests running in parallel do not reach its counter.
/// </summary>
[Collection(ApiHosts.PlatformApi)]
public sealed class RoundTripTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    [Fact]
    public async Task Reads_TakeOneCosmosRequestEach()
    {
        var companyNumber = "RT-" + Guid.NewGuid().ToString("N")[..8];
        var (customer, _) = await api.SeedAsync(_tenant, new CustomerPatch { Name = "Round Trip Co", Type = CustomerType.Customer, CompanyNumber = companyNumber });
        var client = api.ClientFor(_tenant, "customer:read");
        // Warm-up: the first request of a client also reads account, collection and partition-range metadata.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/p/v1/customers/{customer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/p/v1/customers?companyNumber={companyNumber}")).StatusCode);

        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers/{customer.Id}", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers?id={customer.Id}", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers?companyNumber={companyNumber}", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers?companyNumber={companyNumber}&fields=Name", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers/{customer.Id}?fields=Name", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, "/api/p/v1/customers/0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound));
        Assert.Equal(0, await CountAsync(client, "/api/p/v1/customers/not-a-customer-id", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task ReadByExternalId_AndEachPollOfTheChangesFeed_TakeOneCosmosRequest()
    {
        var externalId = "rt-" + Guid.NewGuid().ToString("N")[..8];
        await api.SeedAsync(_tenant, new CustomerPatch { Name = "Round Trip Sync", Type = CustomerType.Customer, ExternalId = externalId });
        var client = api.ClientFor(_tenant, "customer:read");
        // Warm-up: the first poll also reads the container's partition-key ranges, once per process.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/p/v1/customers/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/p/v1/customers?externalId={externalId}")).StatusCode);

        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers?externalId={externalId}", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, "/api/p/v1/customers/changes", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, "/api/p/v1/customers/changes?from=now", HttpStatusCode.OK));
        var cursor = (await (await client.GetAsync("/api/p/v1/customers/changes?pageSize=1")).ReadJsonAsync()).GetProperty("Cursor").GetString()!;
        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers/changes?pageSize=1&cursor={Uri.EscapeDataString(cursor)}", HttpStatusCode.OK));
        Assert.Equal(0, await CountAsync(client, "/api/p/v1/customers/changes?cursor=not-ours", HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task ALookupOfAHundredKeys_TakesOneCosmosRequest()
    {
        var externalId = "rt-" + Guid.NewGuid().ToString("N")[..8];
        var (customer, _) = await api.SeedAsync(_tenant, new CustomerPatch { Name = "Round Trip Lookup", Type = CustomerType.Customer, ExternalId = externalId });
        var client = api.ClientFor(_tenant, "customer:read");
        var ids = Enumerable.Range(0, 99).Select(i => $"{i:x32}").Append(customer.Id.Value).ToArray();
        var externalIds = Enumerable.Range(0, 99).Select(i => $"rt-missing-{i}").Append(externalId).ToArray();
        Task<HttpResponseMessage> Lookup(object body) => client.PostAsync("/api/p/v1/customers/lookup", HttpHelpers.JsonBody(body));
        // Warm-up: the query path's first use also reads partition-key ranges.
        Assert.Equal(HttpStatusCode.OK, (await Lookup(new { Ids = ids })).StatusCode);

        Assert.Equal(1, await CountAsync(() => Lookup(new { Ids = ids }), HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(() => Lookup(new { ExternalIds = externalIds }), HttpStatusCode.OK));
        // A selection is a projection of the same query, not a second read.
        Assert.Equal(1, await CountAsync(() => client.PostAsync("/api/p/v1/customers/lookup?fields=Name", HttpHelpers.JsonBody(new { Ids = ids })), HttpStatusCode.OK));
        // Keys no customer could hold are not asked for.
        Assert.Equal(0, await CountAsync(() => Lookup(new { Ids = new[] { "not-an-id" } }), HttpStatusCode.OK));
    }

    [Fact]
    public async Task Writes_TakeTheBudgetedCosmosRequests()
    {
        var client = api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update", "customer:delete");
        var number = HttpHelpers.Unique("RTW");
        // Warm-up as above, including the conflict query path.
        var (warm, warmETag) = await client.CreateAsync(new { Name = HttpHelpers.Unique("Warm"), Type = "Customer", CompanyNumber = number });
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(HttpHelpers.CustomersPath, HttpHelpers.JsonBody(new { Name = "W2", Type = "Customer", CompanyNumber = number }))).StatusCode);

        var created = await CountAsync(() => client.PostAsync(HttpHelpers.CustomersPath, HttpHelpers.JsonBody(new { Name = HttpHelpers.Unique("Counted"), Type = "Customer" })), HttpStatusCode.Created);
        var conflict = await CountAsync(() => client.PostAsync(HttpHelpers.CustomersPath, HttpHelpers.JsonBody(new { Name = "Dup", Type = "Customer", CompanyNumber = number })), HttpStatusCode.Conflict);
        var patched = await CountAsync(() => client.PatchAsync(warm, new { Fax = "1" }, warmETag), HttpStatusCode.OK);
        var current = (await client.GetAsync($"{HttpHelpers.CustomersPath}/{warm}")).Headers.ETag!.Tag;
        var deleted = await CountAsync(() => client.DeleteAsync(warm, current), HttpStatusCode.NoContent);
        var deletedAgain = await CountAsync(() => client.DeleteAsync(warm, "*"), HttpStatusCode.NoContent);
        var stalePatch = await CountAsync(() => client.PatchAsync(warm, new { Fax = "2" }, warmETag), HttpStatusCode.PreconditionFailed);
        var missingIfMatch = await CountAsync(() => client.PatchAsync(warm, new { Fax = "2" }, null), HttpStatusCode.PreconditionRequired);

        Assert.Equal(
            new { created = 1L, conflict = 2L, patched = 2L, deleted = 2L, deletedAgain = 1L, stalePatch = 1L, missingIfMatch = 0L },
            new { created, conflict, patched, deleted, deletedAgain, stalePatch, missingIfMatch });
    }

    [Fact]
    public async Task Upserts_TakeALookUpAndAWrite_AndOnlyTheLookUpWhenNothingChanges()
    {
        var client = api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update");
        HttpRequestMessage Upsert(string externalId, object body) =>
            new(HttpMethod.Patch, $"{HttpHelpers.CustomersPath}/external/{externalId}") { Content = HttpHelpers.JsonBody(body, "application/merge-patch+json") };
        // Warm-up as above.
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Upsert(HttpHelpers.Unique("warm"), new { Name = HttpHelpers.Unique("W"), Type = "Customer" }))).StatusCode);
        var externalId = HttpHelpers.Unique("rtu");

        var created = await CountAsync(() => client.SendAsync(Upsert(externalId, new { Name = HttpHelpers.Unique("U"), Type = "Customer" })), HttpStatusCode.Created);
        var updated = await CountAsync(() => client.SendAsync(Upsert(externalId, new { Fax = "1" })), HttpStatusCode.OK);
        var unchanged = await CountAsync(() => client.SendAsync(Upsert(externalId, new { Fax = "1" })), HttpStatusCode.OK);

        Assert.Equal(new { created = 2L, updated = 2L, unchanged = 1L }, new { created, updated, unchanged });
    }

    /// <summary>Every item's look-up in one query: a batch of n upserts costs n + 1 requests, and unchanged items only the query.</summary>
    [Fact]
    public async Task ABatch_TakesOneLookUpForAllItems_AndOneWritePerChangedItem()
    {
        var client = api.ClientFor(_tenant, "customer:create", "customer:update");
        HttpRequestMessage Batch(IEnumerable<object> items) =>
            new(HttpMethod.Post, $"{HttpHelpers.CustomersPath}/external/batch") { Content = HttpHelpers.JsonBody(new { Items = items }) };
        // Warm-up as above.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Batch([new { ExternalId = HttpHelpers.Unique("warm"), Name = HttpHelpers.Unique("W"), Type = "Customer" }]))).StatusCode);
        var externalIds = Enumerable.Range(0, 20).Select(i => HttpHelpers.Unique($"rtb{i}")).ToArray();

        var created = await CountAsync(() => client.SendAsync(Batch(externalIds.Select(id => new { ExternalId = id, Name = HttpHelpers.Unique("B"), Type = "Customer" }))), HttpStatusCode.OK);
        var updated = await CountAsync(() => client.SendAsync(Batch(externalIds.Select(id => new { ExternalId = id, Fax = "1" }))), HttpStatusCode.OK);
        var unchanged = await CountAsync(() => client.SendAsync(Batch(externalIds.Select(id => new { ExternalId = id, Fax = "1" }))), HttpStatusCode.OK);

        Assert.Equal(new { created = 21L, updated = 21L, unchanged = 1L }, new { created, updated, unchanged });
    }

    [Fact]
    public async Task AKeyedCreate_TakesOneRequest_AndItsReplayTwo()
    {
        var client = api.ClientFor(_tenant, "customer:create");
        HttpRequestMessage Post(string key, string name)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, HttpHelpers.CustomersPath) { Content = HttpHelpers.JsonBody(new { Name = name, Type = "Customer" }) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        // Warm-up as above, through the replay path too.
        var warmKey = Guid.NewGuid().ToString();
        var warmName = HttpHelpers.Unique("W");
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post(warmKey, warmName))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Post(warmKey, warmName))).StatusCode);
        var key = Guid.NewGuid().ToString();
        var name = HttpHelpers.Unique("K");

        var first = await CountAsync(() => client.SendAsync(Post(key, name)), HttpStatusCode.Created);
        var replay = await CountAsync(() => client.SendAsync(Post(key, name)), HttpStatusCode.Created);

        Assert.Equal(new { first = 1L, replay = 2L }, new { first, replay });
    }

    private async Task<long> CountAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var before = api.CosmosRequests.Total;
        var response = await send();
        Assert.Equal(expected, response.StatusCode);
        return api.CosmosRequests.Total - before;
    }

    private async Task<long> CountAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        var before = api.CosmosRequests.Total;
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return api.CosmosRequests.Total - before;
    }
}
