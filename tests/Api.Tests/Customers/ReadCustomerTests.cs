using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Api.Tests.Customers;

[Collection(ApiHosts.CustomersApi)]
public sealed class ReadCustomerTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private static CustomerPatch Acme(string companyNumber) => new()
    {
        Name = "Acme Logistics " + Guid.NewGuid().ToString("N")[..6],
        Type = CustomerType.BrokerOr3PL,
        CompanyNumber = companyNumber,
        BillingAddress = new AddressPatch { Street = "1 Main", City = "Springfield", State = "NY", Zip = "10001" },
        Email = new string?[] { "billing@acme.example", "ops@acme.example" },
        Phone = new string?[] { "555-1234" },
        Fax = "555-9999",
        ExternalId = "crm-" + Guid.NewGuid().ToString("N")[..8],
    };

    private HttpClient Reader => api.ClientFor(_tenant, "customer:read");

    [Theory]
    [InlineData("v1")]
    [InlineData("v1.0")]
    public async Task GetById_ReturnsTheReadShapeWithAStrongETag(string version)
    {
        var (customer, etag) = await api.SeedAsync(_tenant, Acme("ACME-" + Guid.NewGuid().ToString("N")[..6]));

        var response = await Reader.GetAsync($"/api/p/{version}/customers/{customer.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(etag, response.Headers.ETag.Tag);
        Assert.StartsWith("\"", etag, StringComparison.Ordinal);

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        string[] expectedMembers =
        [
            "Id", "Name", "CompanyNumber", "Type", "Status", "BillingAddress", "Email", "Phone", "Fax", "DateCreated",
            "InvoicingInformation", "ExternalIds", "Contacts", "Notes", "ETag", "DateModified",
        ];
        Assert.Equal(expectedMembers, body.EnumerateObject().Select(p => p.Name).ToArray());
        // The version read, in the body as in the header: a partner that keeps the body knows which version it holds.
        Assert.Equal(etag, body.GetProperty("ETag").GetString());
        Assert.Equal(customer.DateModified, body.GetProperty("DateModified").GetDateTimeOffset());
        Assert.Equal(customer.Id.Value, body.GetProperty("Id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", body.GetProperty("Id").GetString());
        Assert.Equal(customer.Name.Value, body.GetProperty("Name").GetString());
        Assert.Equal(customer.CompanyNumber!.Value, body.GetProperty("CompanyNumber").GetString());
        Assert.Equal("Broker/3PL", body.GetProperty("Type").GetString());
        Assert.Equal("Active", body.GetProperty("Status").GetString());
        var address = body.GetProperty("BillingAddress");
        Assert.Equal(["Street", "City", "State", "ZipCode"], address.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("10001", address.GetProperty("ZipCode").GetString());
        Assert.Equal(new[] { "billing@acme.example", "ops@acme.example" }, body.GetProperty("Email").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(new[] { "555-1234" }, body.GetProperty("Phone").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("555-9999", body.GetProperty("Fax").GetString());
        Assert.Equal(new[] { customer.ExternalId!.Value }, body.GetProperty("ExternalIds").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(0, body.GetProperty("Contacts").GetArrayLength());
        Assert.Equal(0, body.GetProperty("Notes").GetArrayLength());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00$", body.GetProperty("DateCreated").GetString());
        Assert.Equal(customer.DateCreated.UtcDateTime, body.GetProperty("DateCreated").GetDateTimeOffset().UtcDateTime, TimeSpan.FromTicks(10));
    }

    [Fact]
    public async Task GetByIdQuery_AndGetByCompanyNumber_ReturnTheSameVersion()
    {
        var companyNumber = "Cn-" + Guid.NewGuid().ToString("N")[..8];
        var (customer, etag) = await api.SeedAsync(_tenant, Acme(companyNumber));

        var byQueryId = await Reader.GetAsync($"/api/p/v1/customers?id={customer.Id}");
        // CompanyNumber look-ups are trimmed and case-insensitive, like its uniqueness.
        var byCompanyNumber = await Reader.GetAsync($"/api/p/v1.0/customers?companyNumber={Uri.EscapeDataString("  " + companyNumber.ToLowerInvariant() + " ")}");

        foreach (var response in new[] { byQueryId, byCompanyNumber })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(etag, response.Headers.ETag?.Tag);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(customer.Id.Value, body.GetProperty("Id").GetString());
            Assert.Equal(companyNumber, body.GetProperty("CompanyNumber").GetString());
        }
    }

    [Fact]
    public async Task OptionalFields_ReadAsNullAndEmptyLists()
    {
        var (customer, _) = await api.SeedAsync(_tenant, new CustomerPatch { Name = "Bare " + Guid.NewGuid(), Type = CustomerType.Customer });

        var body = JsonDocument.Parse(await Reader.GetStringAsync($"/api/p/v1/customers/{customer.Id}")).RootElement;

        Assert.Equal(JsonValueKind.Null, body.GetProperty("CompanyNumber").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("BillingAddress").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("InvoicingInformation").ValueKind);
        Assert.Equal(0, body.GetProperty("Email").GetArrayLength());
        Assert.Equal(0, body.GetProperty("ExternalIds").GetArrayLength());
    }

    [Theory]
    [InlineData(false, "{0}")]
    [InlineData(true, "{0}")]
    [InlineData(false, "W/{0}")]
    [InlineData(false, "\"other\", {0}")]
    [InlineData(false, "*")]
    public async Task IfNoneMatch_MatchingTheCurrentETag_Is304WithoutBody(bool byQuery, string headerTemplate)
    {
        var (customer, etag) = await api.SeedAsync(_tenant, Acme("INM-" + Guid.NewGuid().ToString("N")[..8]));
        var request = new HttpRequestMessage(HttpMethod.Get, byQuery ? $"/api/p/v1/customers?id={customer.Id}" : $"/api/p/v1/customers/{customer.Id}");
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(headerTemplate, etag));

        var response = await Reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.Tag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task IfNoneMatch_WithAnOldETag_Is200()
    {
        var (customer, _) = await api.SeedAsync(_tenant, Acme("OLD-" + Guid.NewGuid().ToString("N")[..8]));
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/p/v1/customers/{customer.Id}");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"not-the-current-version\""));

        var response = await Reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/api/p/v1/customers/00000000000000000000000000000000")]
    [InlineData("/api/p/v1/customers/not-an-id")]
    [InlineData("/api/p/v1/customers/3A61454A41604C24ADF061D8304E1177")]
    [InlineData("/api/p/v1/customers?id=00000000000000000000000000000000")]
    [InlineData("/api/p/v1/customers?companyNumber=NO-SUCH-NUMBER")]
    [InlineData("/api/p/v1/customers?companyNumber=N%2FA")]
    public async Task UnknownCustomer_Is404Problem(string path)
    {
        var response = await Reader.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task AnotherTenantsCustomer_Is404ByIdAndByCompanyNumber()
    {
        var companyNumber = "OTHER-" + Guid.NewGuid().ToString("N")[..8];
        var (customer, _) = await api.SeedAsync(ApiFactory.NewTenant(), Acme(companyNumber));

        var byId = await Reader.GetAsync($"/api/p/v1/customers/{customer.Id}");
        var byQuery = await Reader.GetAsync($"/api/p/v1/customers?id={customer.Id}");
        var byCompanyNumber = await Reader.GetAsync($"/api/p/v1/customers?companyNumber={companyNumber}");

        await byId.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await byQuery.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await byCompanyNumber.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task SameCompanyNumberInTwoTenants_EachReadsItsOwn()
    {
        var companyNumber = "SHARED-" + Guid.NewGuid().ToString("N")[..8];
        var otherTenant = ApiFactory.NewTenant();
        var (mine, _) = await api.SeedAsync(_tenant, Acme(companyNumber));
        var (theirs, _) = await api.SeedAsync(otherTenant, Acme(companyNumber));

        var myRead = JsonDocument.Parse(await Reader.GetStringAsync($"/api/p/v1/customers?companyNumber={companyNumber}")).RootElement;
        var theirRead = JsonDocument.Parse(await api.ClientFor(otherTenant, "customer:read").GetStringAsync($"/api/p/v1/customers?companyNumber={companyNumber}")).RootElement;

        Assert.Equal(mine.Id.Value, myRead.GetProperty("Id").GetString());
        Assert.Equal(theirs.Id.Value, theirRead.GetProperty("Id").GetString());
    }

    [Theory]
    [InlineData("/api/p/v1/customers", "query")]
    [InlineData("/api/p/v1/customers?id=3a61454a41604c24adf061d8304e1177&companyNumber=ACME-1", "query")]
    [InlineData("/api/p/v1/customers?companyNumber=%20%20", "companyNumber")]
    [InlineData("/api/p/v1/customers?id=", "id")]
    public async Task NeitherOrBothQueryParameters_Is400WithFieldErrors(string path, string errorKey)
    {
        var response = await Reader.GetAsync(path);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(errorKey, out _), problem.ToString());
    }

    [Fact]
    public async Task UnsupportedVersion_Is404Problem()
    {
        var response = await Reader.GetAsync("/api/p/v2/customers/3a61454a41604c24adf061d8304e1177");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }
}
