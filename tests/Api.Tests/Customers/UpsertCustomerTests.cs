using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>Upsert by the partner's ExternalId: create or merge-patch, per-outcome scopes, optional If-Match, no lost update without it.</summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class UpsertCustomerTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update");

    private static string PathOf(string externalId) => $"{CustomersPath}/external/{Uri.EscapeDataString(externalId)}";

    private static Task<HttpResponseMessage> UpsertAsync(HttpClient client, string externalId, object body, string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, PathOf(externalId)) { Content = JsonBody(body is string raw ? raw : JsonSerializer.Serialize(body), "application/merge-patch+json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return client.SendAsync(request);
    }

    [Fact]
    public async Task AnUnknownExternalId_IsCreated_201WithLocationAndETag_ThenUpdated_200()
    {
        var externalId = Unique("crm");

        var created = await UpsertAsync(Client, externalId, new { Name = Unique("Upserted"), Type = "Customer", Fax = "1" });
        var body = await created.ReadJsonAsync();
        var id = body.GetProperty("Id").GetString()!;
        var updated = await UpsertAsync(Client, externalId.ToUpperInvariant(), new { Fax = "2" });
        var unchanged = await UpsertAsync(Client, externalId, new { Fax = "2" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/p/v1/customers/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(externalId, body.GetProperty("ExternalId").GetString());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(id, (await updated.ReadJsonAsync()).GetProperty("Id").GetString());
        Assert.NotEqual(created.Headers.ETag!.Tag, updated.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        Assert.Equal(updated.Headers.ETag!.Tag, unchanged.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task AnEncodedSlash_IsPartOfTheExternalId()
    {
        var externalId = "erp/" + Guid.NewGuid().ToString("N")[..8];

        var created = await UpsertAsync(Client, externalId, new { Name = Unique("Slashed"), Type = "Customer" });
        var read = await Client.GetAsync($"{CustomersPath}?externalId={Uri.EscapeDataString(externalId)}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(externalId, (await created.ReadJsonAsync()).GetProperty("ExternalId").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task PerOutcomeScopes_403NamesTheMissingOne()
    {
        var externalId = Unique("crm");
        var updateOnly = api.ClientFor(_tenant, "customer:update");
        var createOnly = api.ClientFor(_tenant, "customer:create");

        var cannotCreate = await UpsertAsync(updateOnly, externalId, new { Name = Unique("Nope"), Type = "Customer" });
        var created = await UpsertAsync(createOnly, externalId, new { Name = Unique("Yes"), Type = "Customer" });
        var cannotUpdate = await UpsertAsync(createOnly, externalId, new { Fax = "1" });

        Assert.Contains("customer:create", (await cannotCreate.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden")).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("customer:update", (await cannotUpdate.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden")).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conditions_IfMatchAndIfNoneMatchStar()
    {
        var externalId = Unique("crm");
        var ifMatchOnNothing = await UpsertAsync(Client, externalId, new { Name = Unique("C"), Type = "Customer" }, ifMatch: "*");
        var created = await UpsertAsync(Client, externalId, new { Name = Unique("C"), Type = "Customer" }, ifNoneMatch: "*");
        var createOnlyAgain = await UpsertAsync(Client, externalId, new { Fax = "1" }, ifNoneMatch: "*");
        var stale = await UpsertAsync(Client, externalId, new { Fax = "1" }, ifMatch: "\"not-the-version\"");
        var current = await UpsertAsync(Client, externalId, new { Fax = "1" }, ifMatch: created.Headers.ETag!.Tag);

        await ifMatchOnNothing.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await createOnlyAgain.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Theory]
    [InlineData("""{ "ExternalId": "someone-else" }""")]
    [InlineData("""{ "ExternalId": null }""")]
    public async Task ABodyExternalId_MustBeThePathsOne(string body)
    {
        var response = await UpsertAsync(Client, Unique("crm"), body);

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("ExternalId", out _));
    }

    [Fact]
    public async Task ABodyExternalId_InAnotherCase_IsTheSameOne()
    {
        var externalId = Unique("crm");

        var created = await UpsertAsync(Client, externalId, new { Name = Unique("Cased"), Type = "Customer", ExternalId = " " + externalId.ToUpperInvariant() + " " });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(externalId, (await created.ReadJsonAsync()).GetProperty("ExternalId").GetString());
    }

    [Fact]
    public async Task EightConcurrentUpsertsOfOneNewExternalId_CreateExactlyOneCustomer()
    {
        var externalId = Unique("race");
        var name = Unique("Raced");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            UpsertAsync(api.ClientFor(_tenant, "customer:create", "customer:update"), externalId, new { Name = name, Type = "Customer", Phone = new[] { $"555-000{i}" } })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync()).GetProperty("Id").GetString()));
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task SixConcurrentUnconditionalUpserts_OfDifferentMembers_AllSurvive()
    {
        var externalId = Unique("merge");
        Assert.Equal(HttpStatusCode.Created, (await UpsertAsync(Client, externalId, new { Name = Unique("Merged"), Type = "Customer" })).StatusCode);
        var patches = new object[]
        {
            new { Fax = "555-0100" },
            new { Phone = new[] { "555-0101" } },
            new { Email = new[] { "ops@merged.example" } },
            new { BillingAddress = new { City = "Albany" } },
            new { CompanyNumber = Unique("MRG") },
            new { Type = "Broker/3PL" },
        };

        var responses = await Task.WhenAll(patches.Select(patch => UpsertAsync(api.ClientFor(_tenant, "customer:update"), externalId, patch)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var customer = await (await Client.GetAsync($"{CustomersPath}?externalId={externalId}")).ReadJsonAsync();
        Assert.Equal("555-0100", customer.GetProperty("Fax").GetString());
        Assert.Equal("555-0101", customer.GetProperty("Phone")[0].GetString());
        Assert.Equal("ops@merged.example", customer.GetProperty("Email")[0].GetString());
        Assert.Equal("Albany", customer.GetProperty("BillingAddress").GetProperty("City").GetString());
        Assert.False(string.IsNullOrEmpty(customer.GetProperty("CompanyNumber").GetString()));
        Assert.Equal("Broker/3PL", customer.GetProperty("Type").GetString());
    }

    [Fact]
    public async Task KillSwitchOff_Upsert503()
    {
        await using var off = ApiFactory.With(new Dictionary<string, string> { ["FeatureManagement:CustomerWrites"] = "false" }, _ => { });

        var response = await UpsertAsync(off.ClientFor(_tenant, "customer:create", "customer:update"), Unique("crm"), new { Name = "Off", Type = "Customer" });

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "EndpointDisabled");
    }
}
