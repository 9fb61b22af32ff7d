using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>POST /customers/lookup: up to 100 keys of one kind, each answered 200 or 404 in request order, one query.</summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class LookupCustomersTests(ApiFactory api)
{
    private const string LookupPath = CustomersPath + "/lookup";
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Writer => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:delete");

    private HttpClient Reader => api.ClientFor(_tenant, "customer:read");

    private Task<HttpResponseMessage> LookupAsync(HttpClient client, object body) =>
        client.PostAsync(LookupPath, JsonBody(body is string raw ? raw : JsonSerializer.Serialize(body)));

    [Fact]
    public async Task ById_AnswersEachKeyInRequestOrder_WithTheCustomerAndItsETag()
    {
        var (first, _) = await Writer.CreateAsync(new { Name = Unique("First"), Type = "Customer" });
        var (second, _) = await Writer.CreateAsync(new { Name = Unique("Second"), Type = "Customer" });
        var (deleted, deletedETag) = await Writer.CreateAsync(new { Name = Unique("Deleted"), Type = "Customer" });
        Assert.Equal(HttpStatusCode.NoContent, (await Writer.DeleteAsync(deleted, deletedETag)).StatusCode);
        var read = await Reader.GetAsync($"{CustomersPath}/{second}");

        var items = await ItemsOfAsync(await LookupAsync(Reader, new { Ids = new[] { second, "0123456789abcdef0123456789abcdef", "not-an-id", first, $"  {second.ToUpperInvariant()} ", deleted } }));

        Assert.Equal([second, "0123456789abcdef0123456789abcdef", "not-an-id", first, $"  {second.ToUpperInvariant()} ", deleted], items.Select(i => i.GetProperty("Key").GetString()));
        Assert.Equal([200, 404, 404, 200, 200, 200], items.Select(i => i.GetProperty("Status").GetInt32()));
        Assert.Equal([second, null, null, first, second, deleted], items.Select(i => i.GetProperty("Customer") is { ValueKind: JsonValueKind.Object } c ? c.GetProperty("Id").GetString() : null));
        // The same version as a GET answers, and a soft-deleted customer as it is now: Inactive.
        Assert.Equal(read.Headers.ETag!.Tag, items[0].GetProperty("Customer").GetProperty("ETag").GetString());
        Assert.Equal("Inactive", items[5].GetProperty("Customer").GetProperty("Status").GetString());
    }

    [Fact]
    public async Task ByExternalIdOrCompanyNumber_MatchesAsTheUniquenessRulesDo()
    {
        var externalId = Unique("crm");
        var companyNumber = Unique("LK");
        var (id, _) = await Writer.CreateAsync(new { Name = Unique("Keyed"), Type = "Customer", ExternalId = externalId, CompanyNumber = companyNumber });

        var byExternalId = await ItemsOfAsync(await LookupAsync(Reader, new { ExternalIds = new[] { $" {externalId.ToUpperInvariant()} ", Unique("crm") } }));
        var byCompanyNumber = await ItemsOfAsync(await LookupAsync(Reader, new { CompanyNumbers = new[] { "N/A", companyNumber.ToLowerInvariant(), new string('9', 40) } }));

        Assert.Equal([200, 404], byExternalId.Select(i => i.GetProperty("Status").GetInt32()));
        Assert.Equal(id, byExternalId[0].GetProperty("Customer").GetProperty("Id").GetString());
        Assert.Equal([404, 200, 404], byCompanyNumber.Select(i => i.GetProperty("Status").GetInt32()));
        Assert.Equal(id, byCompanyNumber[1].GetProperty("Customer").GetProperty("Id").GetString());
    }

    [Fact]
    public async Task AnotherTenantsKeys_Are404_NeverItsCustomers()
    {
        var externalId = Unique("crm");
        var (id, _) = await Writer.CreateAsync(new { Name = Unique("Mine"), Type = "Customer", ExternalId = externalId });
        var stranger = api.ClientFor(ApiFactory.NewTenant(), "customer:read");

        var byId = await ItemsOfAsync(await LookupAsync(stranger, new { Ids = new[] { id } }));
        var byExternalId = await ItemsOfAsync(await LookupAsync(stranger, new { ExternalIds = new[] { externalId } }));

        Assert.Equal(404, byId[0].GetProperty("Status").GetInt32());
        Assert.Equal(JsonValueKind.Null, byId[0].GetProperty("Customer").ValueKind);
        Assert.Equal(404, byExternalId[0].GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task AHundredKeys_AreAnswered_AHundredAndOneAre400()
    {
        var (id, _) = await Writer.CreateAsync(new { Name = Unique("Among"), Type = "Customer" });
        var hundred = Enumerable.Range(0, 99).Select(i => $"{i:x32}").Append(id).ToArray();

        var items = await ItemsOfAsync(await LookupAsync(Reader, new { Ids = hundred }));
        var tooMany = await LookupAsync(Reader, new { Ids = hundred.Append(id).ToArray() });

        Assert.Equal(100, items.Length);
        Assert.Equal(200, items[99].GetProperty("Status").GetInt32());
        Assert.Equal(99, items.Count(i => i.GetProperty("Status").GetInt32() == 404));
        var problem = await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Ids", out _), problem.ToString());
    }

    [Theory]
    [InlineData("""{ }""", "body")]
    [InlineData("""{ "Ids": ["a"], "ExternalIds": ["b"] }""", "body")]
    [InlineData("""{ "Ids": [] }""", "Ids")]
    [InlineData("""{ "ExternalIds": ["a", null] }""", "ExternalIds[1]")]
    [InlineData("""{ "CompanyNumbers": "ACME" }""", "CompanyNumbers")]
    [InlineData("""{ "ids": [5] }""", "Ids[0]")]
    [InlineData("""[]""", "body")]
    public async Task AnInvalidRequest_Is400NamingWhatIsWrong(string body, string field)
    {
        var response = await LookupAsync(Reader, body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task WithoutTheReadScope_Is403()
    {
        var response = await LookupAsync(api.ClientFor(_tenant, "customer:create"), new { Ids = new[] { "0123456789abcdef0123456789abcdef" } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        Assert.Contains("customer:read", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
