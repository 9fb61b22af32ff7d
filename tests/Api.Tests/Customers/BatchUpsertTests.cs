using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>Batch upsert: per-item outcomes in request order, items independent, the whole request refused only for its shape.</summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class BatchUpsertTests(ApiFactory api)
{
    private const string BatchPath = CustomersPath + "/external/batch";
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update");

    private static Task<HttpResponseMessage> BatchAsync(HttpClient client, object items) =>
        client.PostAsync(BatchPath, JsonBody(items is string raw ? raw : JsonSerializer.Serialize(new { Items = items })));

    [Fact]
    public async Task AMixedBatch_AnswersEachItemInRequestOrder_AndItemsAreIndependent()
    {
        var existing = Unique("crm");
        var held = Unique("HELD");
        Assert.Equal(HttpStatusCode.OK, (await BatchAsync(Client, new object[] { new { ExternalId = existing, Name = Unique("Old"), Type = "Customer" } })).StatusCode);
        await Client.CreateAsync(new { Name = Unique("Holder"), Type = "Customer", CompanyNumber = held });
        var fresh = Unique("crm");
        var invalid = Unique("crm");
        var clashing = Unique("crm");

        var items = await ItemsOfAsync(await BatchAsync(Client, new object[]
        {
            new { ExternalId = fresh, Name = Unique("New"), Type = "Customer" },
            new { ExternalId = existing, Fax = "555-0100" },
            new { ExternalId = invalid, Name = "", Type = "Customer" },
            new { ExternalId = clashing, Name = Unique("Clash"), Type = "Customer", CompanyNumber = held },
        }));

        Assert.Equal([fresh, existing, invalid, clashing], items.Select(i => i.GetProperty("ExternalId").GetString()));
        Assert.Equal([201, 200, 400, 409], items.Select(i => i.GetProperty("Status").GetInt32()));
        Assert.All(items[..2], i => Assert.Equal(JsonValueKind.Null, i.GetProperty("Problem").ValueKind));
        Assert.All(items[..2], i => Assert.StartsWith("\"", i.GetProperty("ETag").GetString(), StringComparison.Ordinal));
        Assert.Equal("https://api.alvys.com/problems/ValidationFailed", items[2].GetProperty("Problem").GetProperty("type").GetString());
        // The same problem a single upsert of the item answers, its errors included.
        Assert.True(items[2].GetProperty("Problem").GetProperty("errors").TryGetProperty("Name", out _), items[2].ToString());
        Assert.Equal("CompanyNumber", items[3].GetProperty("Problem").GetProperty("conflictingField").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"{CustomersPath}?externalId={fresh}")).StatusCode);
        Assert.Equal("555-0100", (await (await Client.GetAsync($"{CustomersPath}?externalId={existing}")).ReadJsonAsync()).GetProperty("Fax").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"{CustomersPath}?externalId={invalid}")).StatusCode);
    }

    [Fact]
    public async Task ItemScopes_AreDecidedPerItem()
    {
        var updateOnly = api.ClientFor(_tenant, "customer:update");

        var items = await ItemsOfAsync(await BatchAsync(updateOnly, new object[] { new { ExternalId = Unique("crm"), Name = Unique("X"), Type = "Customer" } }));

        Assert.Equal(403, items[0].GetProperty("Status").GetInt32());
        Assert.Contains("customer:create", items[0].GetProperty("Problem").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "[]", "body" },
        { """{ "items": "not a list" }""", "Items" },
        { """{ "Items": [ { "ExternalId": "a-1" } ], "items": [ { "ExternalId": "a-2" } ] }""", "Items" },
        { """{ "Items": [] }""", "Items" },
        { """{ "Items": [ { "Name": "No id" } ] }""", "Items[0].ExternalId" },
        { """{ "Items": [ { "ExternalId": "  " } ] }""", "Items[0].ExternalId" },
        { """{ "Items": [ { "ExternalId": "a-1" }, { "ExternalId": " A-1 " } ] }""", "Items[1].ExternalId" },
        { "{ \"Items\": [" + string.Join(",", Enumerable.Range(0, 101).Select(i => $$"""{ "ExternalId": "x{{i}}" }""")) + "] }", "Items" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AMalformedBatch_IsRefusedWhole(string body, string field)
    {
        var response = await BatchAsync(Client, body);

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    /// <summary>
    /// Batches looked up before they write: four racing batches over the same new ExternalIds, each patching its own
    /// member, still make one customer per ExternalId (one 201, the rest 200) and lose no batch's member.
    /// </summary>
    [Fact]
    public async Task FourRacingBatches_OverTheSameNewExternalIds_CreateEachOnce_AndLoseNoMember()
    {
        var externalIds = Enumerable.Range(0, 10).Select(i => Unique($"race{i}")).ToArray();
        string[] members = ["Fax", "Phone", "Email", "CompanyNumber"];
        object ItemOf(string externalId, string member) => member switch
        {
            "Fax" => new { ExternalId = externalId, Name = "Raced " + externalId, Type = "Customer", Fax = "555-0100" },
            "Phone" => new { ExternalId = externalId, Name = "Raced " + externalId, Type = "Customer", Phone = new[] { "555-0101" } },
            "Email" => new { ExternalId = externalId, Name = "Raced " + externalId, Type = "Customer", Email = new[] { "race@batch.example" } },
            _ => (object)new { ExternalId = externalId, Name = "Raced " + externalId, Type = "Customer", CompanyNumber = "CN-" + externalId },
        };

        var answers = await Task.WhenAll(members.Select(member => BatchAsync(Client, externalIds.Select(id => ItemOf(id, member)).ToArray())));

        var items = (await Task.WhenAll(answers.Select(ItemsOfAsync))).SelectMany(batch => batch).ToArray();
        foreach (var externalId in externalIds)
        {
            var statuses = items.Where(i => i.GetProperty("ExternalId").GetString() == externalId).Select(i => i.GetProperty("Status").GetInt32()).Order().ToArray();
            Assert.Equal([200, 200, 200, 201], statuses);
            Assert.Single(items.Where(i => i.GetProperty("ExternalId").GetString() == externalId).Select(i => i.GetProperty("Id").GetString()).Distinct());
            var stored = await (await Client.GetAsync($"{CustomersPath}?externalId={externalId}")).ReadJsonAsync();
            Assert.Equal("555-0100", stored.GetProperty("Fax").GetString());
            Assert.Equal(["555-0101"], stored.GetProperty("Phone").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal(["race@batch.example"], stored.GetProperty("Email").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal("CN-" + externalId, stored.GetProperty("CompanyNumber").GetString());
        }
    }

    [Fact]
    public async Task ABatchOf100_CompletesWellWithinTheDeadline()
    {
        var started = Stopwatch.StartNew();
        var items = await ItemsOfAsync(await BatchAsync(Client, Enumerable.Range(0, 100).Select(i => new { ExternalId = Unique($"bulk{i}"), Name = Unique("Bulk"), Type = "Customer" }).ToArray()));

        Assert.Equal(100, items.Length);
        Assert.All(items, i => Assert.Equal(201, i.GetProperty("Status").GetInt32()));
        Assert.InRange(started.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ABatch_SpendsOneTokenPerStartedTenItems()
    {
        await using var limited = ApiFactory.With(
            new Dictionary<string, string> { ["RateLimiting:PermitsPerClientPerSecond"] = "3", ["RateLimiting:PermitsPerTenantPerSecond"] = "1000" }, _ => { });
        // Items refused on their own fields: the batch costs its tokens, and answers at once (no database work),
        // so the bucket's one-second refill is unlikely to land between two back-to-back batches.
        object[] Items(int count) => Enumerable.Range(0, count).Select(i => new { ExternalId = Unique($"cost{i}"), Name = "", Type = "Customer" }).ToArray();

        var tooDear = await BatchAsync(limited.ClientWithToken(TestTokens.Create(_tenant, ["customer:create"], clientId: Unique("dear"))), Items(31));
        await tooDear.AssertProblemAsync(HttpStatusCode.TooManyRequests, "RateLimited");

        var refusedRightAfter = false;
        for (var attempt = 0; attempt < 3 && !refusedRightAfter; attempt++)
        {
            var client = limited.ClientWithToken(TestTokens.Create(_tenant, ["customer:create"], clientId: Unique("batcher")));
            var affordable = await BatchAsync(client, Items(21));
            var next = await BatchAsync(client, Items(1));
            Assert.Equal(HttpStatusCode.OK, affordable.StatusCode);
            refusedRightAfter = next.StatusCode == HttpStatusCode.TooManyRequests;
        }

        Assert.True(refusedRightAfter, "a batch of 21 items spent all three of the client's tokens");
    }

    [Fact]
    public async Task KillSwitchOff_TheWholeBatchIs503()
    {
        await using var off = ApiFactory.With(new Dictionary<string, string> { ["FeatureManagement:CustomerWrites"] = "false" }, _ => { });

        var response = await BatchAsync(off.ClientFor(_tenant, "customer:create"), new object[] { new { ExternalId = "x", Name = "Off", Type = "Customer" } });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "EndpointDisabled");
    }
}
