using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;
using Microsoft.Extensions.DependencyInjection;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

[Collection(ApiHosts.CustomersApi)]
public sealed class UpdateCustomerTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:create", "customer:read", "customer:update");

    private Task<(string Id, string ETag)> CreateFullAsync() => Client.CreateAsync(new
    {
        Name = Unique("Patch Target"),
        Type = "Customer",
        CompanyNumber = Unique("PT"),
        BillingAddress = new { Street = "1 Main", City = "Springfield", State = "IL", Zip = "62701" },
        Email = new[] { "a@target.example", "b@target.example" },
        Phone = new[] { "555-0001" },
        Fax = "555-0002",
        ExternalId = Unique("crm"),
    });

    private async Task<JsonElement> ReadAsync(string id) => await (await Client.GetAsync($"{CustomersPath}/{id}")).ReadJsonAsync();

    [Fact]
    public async Task Patch_MergesNestedObjects_RemovesNulls_ReplacesArrays_AndIgnoresReadOnlyFields()
    {
        var (id, etag) = await CreateFullAsync();
        var before = await ReadAsync(id);

        var response = await Client.PatchAsync(id, """
            {
              "BillingAddress": { "City": "Chicago", "State": null },
              "Email": ["c@target.example"],
              "Fax": null,
              "Notes": [{ "Id": "x" }], "DateCreated": "2001-01-01T00:00:00+00:00", "Id": "ffffffffffffffffffffffffffffffff"
            }
            """, etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(id, body.GetProperty("Id").GetString());
        Assert.Equal(body.GetProperty("ETag").GetString(), response.Headers.ETag!.Tag);
        Assert.NotEqual(etag, response.Headers.ETag.Tag);
        var address = body.GetProperty("BillingAddress");
        Assert.Equal("1 Main", address.GetProperty("Street").GetString());
        Assert.Equal("Chicago", address.GetProperty("City").GetString());
        Assert.Equal(JsonValueKind.Null, address.GetProperty("State").ValueKind);
        Assert.Equal("62701", address.GetProperty("ZipCode").GetString());
        Assert.Equal(["c@target.example"], body.GetProperty("Email").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(["555-0001"], body.GetProperty("Phone").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("Fax").ValueKind);
        Assert.Equal(before.GetProperty("Name").GetString(), body.GetProperty("Name").GetString());
        Assert.Equal(before.GetProperty("DateCreated").GetString(), body.GetProperty("DateCreated").GetString());
        Assert.True(body.GetProperty("DateModified").GetDateTimeOffset() > body.GetProperty("DateCreated").GetDateTimeOffset());

        var read = await Client.GetAsync($"{CustomersPath}/{id}");
        Assert.Equal(response.Headers.ETag.Tag, read.Headers.ETag!.Tag);
        Assert.Equal(0, (await read.ReadJsonAsync()).GetProperty("Notes").GetArrayLength());
    }

    [Fact]
    public async Task Patch_NullRemovesOptionalFieldsAndObjects()
    {
        var (id, etag) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, """{ "BillingAddress": null, "CompanyNumber": null, "ExternalId": null, "Email": null }""", etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await ReadAsync(id);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("BillingAddress").ValueKind);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("CompanyNumber").ValueKind);
        Assert.Equal(0, read.GetProperty("ExternalIds").GetArrayLength());
        Assert.Equal(0, read.GetProperty("Email").GetArrayLength());
    }

    [Theory]
    [InlineData("""{ "Name": null }""", "Name")]
    [InlineData("""{ "Name": "  " }""", "Name")]
    [InlineData("""{ "Type": null }""", "Type")]
    [InlineData("""{ "Type": "Shipper" }""", "Type")]
    [InlineData("""{ "Status": "Archived" }""", "Status")]
    [InlineData("""{ "CompanyNumber": "UNKNOWN" }""", "CompanyNumber")]
    [InlineData("""{ "Email": ["nope"] }""", "Email[0]")]
    [InlineData("""{ "BillingAddress": { "Zip": ["10001"] } }""", "BillingAddress.Zip")]
    [InlineData("""[{ "op": "replace", "path": "/Name", "value": "x" }]""", "body")]
    public async Task Patch_ThatLeavesAnInvalidCustomer_Is400AndChangesNothing(string patch, string field)
    {
        var (id, etag) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, patch, etag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(etag, (await Client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag);
    }

    /// <summary>
    /// RFC 9110 §13.2.2: preconditions are decided before the content. A member of the wrong JSON kind is the content's
    /// fault, reported only once the If-Match holds; a body that is no JSON object at all is refused outright.
    /// </summary>
    [Theory]
    [InlineData("""{ "Name": 1 }""", null, HttpStatusCode.PreconditionRequired, "PreconditionRequired")]
    [InlineData("""{ "BillingAddress": { "Zip": [] } }""", "\"stale\"", HttpStatusCode.PreconditionFailed, "PreconditionFailed")]
    [InlineData("""{ "Name": 1 }""", "current", HttpStatusCode.BadRequest, "ValidationFailed")]
    [InlineData("""[1, 2]""", null, HttpStatusCode.BadRequest, "ValidationFailed")]
    [InlineData("""{ "Name": """, "\"stale\"", HttpStatusCode.BadRequest, "ValidationFailed")]
    [InlineData("""null""", null, HttpStatusCode.BadRequest, "ValidationFailed")]
    [InlineData("", "\"stale\"", HttpStatusCode.BadRequest, "ValidationFailed")]
    public async Task Patch_DecidesItsPreconditionBeforeItsMembers(string patch, string? ifMatch, HttpStatusCode status, string problem)
    {
        var (id, etag) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, patch, ifMatch == "current" ? etag : ifMatch);

        var body = await response.AssertProblemAsync(status, problem);
        if (status == HttpStatusCode.BadRequest)
        {
            Assert.True(body.GetProperty("errors").TryGetProperty(patch.StartsWith('{') && patch.Contains('1') ? "Name" : "body", out _), body.ToString());
        }

        Assert.Equal(etag, (await Client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Patch_WithoutIfMatch_Is428()
    {
        var (id, _) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, new { Fax = "1" }, ifMatch: null);

        await response.AssertProblemAsync(HttpStatusCode.PreconditionRequired, "PreconditionRequired");
    }

    [Theory]
    [InlineData("\"stale\"")]
    [InlineData("W/{0}")]
    [InlineData("\"a\", \"b\"")]
    [InlineData("garbage")]
    public async Task Patch_WithANonMatchingIfMatch_Is412(string template)
    {
        var (id, etag) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, new { Fax = "1" }, string.Format(template, etag));

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        Assert.Equal(etag, (await Client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag);
    }

    /// <summary>
    /// A header that is no entity-tag list could never match: a 412 ("read again and retry") would send the partner
    /// round a loop that cannot end, so it is a 400 naming the header, and nothing is written.
    /// </summary>
    [Theory]
    [InlineData("\"abc")]
    [InlineData("garbage\"")]
    [InlineData("\"a\"\"b\"")]
    [InlineData("{0} \"other\"")]
    public async Task Patch_WithAMalformedIfMatch_Is400NamingTheHeader(string template)
    {
        var (id, etag) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, new { Fax = "1" }, string.Format(template, etag));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        var errors = problem.GetProperty("errors");
        Assert.Contains("entity-tag", errors.GetProperty("If-Match")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("If-Match", Assert.Single(errors.EnumerateObject()).Name);
        Assert.Equal(etag, (await Client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Delete_WithAMalformedIfMatch_Is400AndTheCustomerStaysActive()
    {
        var (id, etag) = await CreateFullAsync();
        var deleter = api.ClientFor(_tenant, "customer:read", "customer:delete");

        var response = await deleter.DeleteAsync(id, etag + "\"");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("If-Match", out _), problem.ToString());
        Assert.Equal("Active", (await ReadAsync(id)).GetProperty("Status").GetString());
    }

    [Theory]
    [InlineData("\"abc", HttpStatusCode.BadRequest)]
    [InlineData("\"stale\"", HttpStatusCode.OK)]
    [InlineData("current", HttpStatusCode.NotModified)]
    public async Task Get_WithIfNoneMatch_IsJudgedBySyntaxThenByVersion(string ifNoneMatch, HttpStatusCode status)
    {
        var (id, etag) = await CreateFullAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{CustomersPath}/{id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch == "current" ? etag : ifNoneMatch);

        var response = await Client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.BadRequest)
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
            Assert.True(problem.GetProperty("errors").TryGetProperty("If-None-Match", out _), problem.ToString());
        }
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"other\", {0}")]
    [InlineData("{1}")]
    public async Task Patch_WithAMatchingIfMatch_Is200(string template)
    {
        var (id, etag) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, new { Fax = "555-7777" }, string.Format(template, etag, etag.Trim('"')));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("555-7777", (await response.ReadJsonAsync()).GetProperty("Fax").GetString());
    }

    [Fact]
    public async Task Patch_WithTheSameValues_WritesNothingAndKeepsTheETag()
    {
        var (id, etag) = await CreateFullAsync();
        var before = await ReadAsync(id);

        var response = await Client.PatchAsync(id, new { Name = before.GetProperty("Name").GetString() }, etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Patch_UnknownCustomer_Is404_AndAnotherTenantsCustomer_Is404()
    {
        var (foreignId, foreignETag) = await api.ClientFor(ApiFactory.NewTenant(), "customer:create").CreateAsync(new { Name = Unique("Foreign"), Type = "Customer" });

        var unknown = await Client.PatchAsync("0123456789abcdef0123456789abcdef", new { Fax = "1" }, "*");
        var foreign = await Client.PatchAsync(foreignId, new { Fax = "1" }, foreignETag);

        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await foreign.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Theory]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/json")]
    public async Task Patch_AcceptsMergePatchAndJson(string mediaType)
    {
        var (id, etag) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, new { Fax = "9" }, etag, mediaType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json-patch+json")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Patch_WithAnotherMediaType_Is415(string mediaType)
    {
        var (id, etag) = await CreateFullAsync();

        var response = await Client.PatchAsync(id, new { Fax = "9" }, etag, mediaType);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        Assert.Equal("Send the body as UTF-8 application/merge-patch+json or application/json.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Patch_StatusInactive_IsASoftDelete_AndStatusActive_Restores()
    {
        var (id, etag) = await CreateFullAsync();

        var deleted = await Client.PatchAsync(id, new { Status = "Inactive" }, etag);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("Inactive", (await ReadAsync(id)).GetProperty("Status").GetString());

        var restored = await Client.PatchAsync(id, new { Status = "Active" }, deleted.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("Active", (await ReadAsync(id)).GetProperty("Status").GetString());
    }

    [Fact]
    public async Task SixConcurrentPatches_WithOneETag_ExactlyOneWins()
    {
        var (id, etag) = await CreateFullAsync();
        var client = Client;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.PatchAsync(id, new { Fax = $"fax-{i}" }, etag)));

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var winningFax = (await winner.ReadJsonAsync()).GetProperty("Fax").GetString();
        var stored = await Client.GetAsync($"{CustomersPath}/{id}");
        Assert.Equal(winner.Headers.ETag!.Tag, stored.Headers.ETag!.Tag);
        Assert.Equal(winningFax, (await stored.ReadJsonAsync()).GetProperty("Fax").GetString());
    }

    [Fact]
    public async Task Patch_WithoutUpdateScope_Is403()
    {
        var (id, etag) = await CreateFullAsync();

        var response = await api.ClientFor(_tenant, "customer:read", "customer:create", "customer:delete").PatchAsync(id, new { Fax = "1" }, etag);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    /// <summary>
    /// A customer stored before today's rules, or by Alvys users: a placeholder CompanyNumber, an email that is no
    /// address, a 300-character street. Stored through the repository, as the rules would not let it in over HTTP.
    /// </summary>
    private async Task<(string Id, string ETag)> StoreUnderOlderRulesAsync()
    {
        var customer = Customer.Rehydrate(new StoredCustomerState(
            CustomerId.New(), TenantId.From(_tenant), WritableFields.Rehydrate(Unique("Legacy Freight"), CustomerType.Customer, "N/A", CustomerStatus.Active,
            Address.Rehydrate(new string('s', 300), "Springfield", null, "62701"), ["not-an-email"], ["555-0001"], null, null),
            DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, [], []));
        var written = await api.Services.GetRequiredService<ICustomerRepository>().AddAsync(customer, CancellationToken.None);
        Assert.True(written.IsSuccess, written.Name);
        return (customer.Id.Value, written.Value);
    }

    [Fact]
    public async Task Patch_OfACustomerThatBreaksANewerRule_SucceedsOnAnotherField_AndKeepsTheRest()
    {
        var (id, etag) = await StoreUnderOlderRulesAsync();

        var response = await Client.PatchAsync(id, """{ "Fax": "555-0100", "BillingAddress": { "City": "Chicago" } }""", etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("555-0100", body.GetProperty("Fax").GetString());
        Assert.Equal("Chicago", body.GetProperty("BillingAddress").GetProperty("City").GetString());
        Assert.Equal(new string('s', 300), body.GetProperty("BillingAddress").GetProperty("Street").GetString());
        Assert.Equal("N/A", body.GetProperty("CompanyNumber").GetString());
        Assert.Equal("not-an-email", body.GetProperty("Email")[0].GetString());
    }

    [Fact]
    public async Task Patch_CannotMakeACustomerBreakARule_EvenOneThatAlreadyBreaksOthers()
    {
        var (id, etag) = await StoreUnderOlderRulesAsync();

        var response = await Client.PatchAsync(id, """{ "CompanyNumber": "TBD", "Email": ["still-not-an-email"] }""", etag);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("CompanyNumber", out _));
        Assert.True(errors.TryGetProperty("Email[0]", out _));
        Assert.Equal(etag, (await Client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag);
    }
}
