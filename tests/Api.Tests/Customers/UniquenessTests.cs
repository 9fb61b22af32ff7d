using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

[Collection(ApiHosts.CustomersApi)]
public sealed class UniquenessTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:create", "customer:read", "customer:update", "customer:delete");

    private static async Task AssertDuplicateAsync(HttpResponseMessage response, string field, string existingId)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "DuplicateCustomer");
        Assert.Equal(field, problem.GetProperty("conflictingField").GetString());
        Assert.Equal(existingId, problem.GetProperty("existingCustomerId").GetString());
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("  {0}  ")]
    [InlineData("{1}")]
    public async Task DuplicateCompanyNumber_Is409NamingTheHolder(string variant)
    {
        var number = Unique("Acme");
        var (id, _) = await Client.CreateAsync(new { Name = Unique("First"), Type = "Customer", CompanyNumber = number });

        var response = await Client.PostAsync(CustomersPath, JsonBody(new
        {
            Name = Unique("Second"), Type = "Customer", CompanyNumber = string.Format(variant, number, number.ToUpperInvariant()),
        }));

        await AssertDuplicateAsync(response, "CompanyNumber", id);
    }

    [Fact]
    public async Task DuplicateExternalId_IgnoringCaseAndWhitespace_Is409()
    {
        var externalId = Unique("crm");
        var (id, _) = await Client.CreateAsync(new { Name = Unique("First"), Type = "Customer", ExternalId = externalId });

        var response = await Client.PostAsync(CustomersPath, JsonBody(new { Name = Unique("Second"), Type = "Customer", ExternalId = " " + externalId.ToUpperInvariant() }));

        await AssertDuplicateAsync(response, "ExternalId", id);
    }

    [Fact]
    public async Task DuplicateNameAndBillingZip_NormalisedBothWays_Is409()
    {
        var name = Unique("Great Lakes Freight");
        var (id, _) = await Client.CreateAsync(new { Name = name, Type = "Customer", BillingAddress = new { Zip = "K1A 0B1" } });

        var response = await Client.PostAsync(CustomersPath, JsonBody(new
        {
            Name = "  " + name.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal) + " ",
            Type = "Broker/3PL",
            BillingAddress = new { ZipCode = " k1a0b1 ", City = "Elsewhere" },
        }));

        await AssertDuplicateAsync(response, "NameAndBillingZip", id);
    }

    [Fact]
    public async Task SameName_WithoutZipOrWithAnotherZip_IsNoConflict()
    {
        var name = Unique("Common Name");
        await Client.CreateAsync(new { Name = name, Type = "Customer", BillingAddress = new { Zip = "10001" } });

        await Client.CreateAsync(new { Name = name, Type = "Customer" });
        await Client.CreateAsync(new { Name = name, Type = "Customer" });
        await Client.CreateAsync(new { Name = name, Type = "Customer", BillingAddress = new { Zip = "10002" } });
    }

    [Fact]
    public async Task ManyCustomersWithoutOptionalUniqueValues_DoNotCollide()
    {
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateAsync(new { Name = Unique("No Numbers"), Type = "Customer" });
        }
    }

    [Fact]
    public async Task TheSameValues_InAnotherTenant_AreFree()
    {
        var number = Unique("Shared");
        var externalId = Unique("crm");
        var name = Unique("Twin Co");
        var body = new { Name = name, Type = "Customer", CompanyNumber = number, ExternalId = externalId, BillingAddress = new { Zip = "30301" } };
        await Client.CreateAsync(body);

        var other = api.ClientFor(ApiFactory.NewTenant(), "customer:create");
        var response = await other.PostAsync(CustomersPath, JsonBody(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task SoftDeletedCustomer_KeepsItsCompanyNumberReserved()
    {
        var number = Unique("Reserved");
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Gone"), Type = "Customer", CompanyNumber = number });
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(id, etag)).StatusCode);

        var response = await Client.PostAsync(CustomersPath, JsonBody(new { Name = Unique("Newcomer"), Type = "Customer", CompanyNumber = number }));

        await AssertDuplicateAsync(response, "CompanyNumber", id);
    }

    [Fact]
    public async Task Patch_ToAValueHeldByAnother_Is409AndChangesNothing()
    {
        var taken = Unique("Taken");
        var (holder, _) = await Client.CreateAsync(new { Name = Unique("Holder"), Type = "Customer", CompanyNumber = taken });
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Mover"), Type = "Customer", CompanyNumber = Unique("Own") });

        var response = await Client.PatchAsync(id, new { CompanyNumber = taken.ToLowerInvariant() }, etag);

        await AssertDuplicateAsync(response, "CompanyNumber", holder);
        var current = await Client.GetAsync($"{CustomersPath}/{id}");
        Assert.Equal(etag, current.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Patch_FreesTheOldValueForOthers()
    {
        var old = Unique("Old");
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Renumbered"), Type = "Customer", CompanyNumber = old });
        Assert.Equal(HttpStatusCode.OK, (await Client.PatchAsync(id, new { CompanyNumber = Unique("New") }, etag)).StatusCode);

        await Client.CreateAsync(new { Name = Unique("Reuser"), Type = "Customer", CompanyNumber = old });
    }

    [Fact]
    public async Task EightConcurrentCreates_OfOneCompanyNumber_ExactlyOneWins()
    {
        var number = Unique("Race");
        var client = Client;
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostAsync(CustomersPath, JsonBody(new { Name = Unique($"Racer {i}"), Type = "Customer", CompanyNumber = number }))));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var winnerId = (await winner.ReadJsonAsync()).GetProperty("Id").GetString()!;
        var losers = responses.Where(r => r != winner).ToArray();
        Assert.Equal(7, losers.Length);
        foreach (var loser in losers)
        {
            await AssertDuplicateAsync(loser, "CompanyNumber", winnerId);
        }

        var read = await (await Client.GetAsync($"{CustomersPath}?companyNumber={number}")).ReadJsonAsync();
        Assert.Equal(winnerId, read.GetProperty("Id").GetString());
    }
}
