using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

[Collection(ApiHosts.CustomersApi)]
public sealed class CreateCustomerTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Writer => api.ClientFor(_tenant, "customer:create", "customer:read");

    [Fact]
    public async Task Create_Is201WithLocationETagAndTheWriteShape()
    {
        var companyNumber = Unique("ACME");
        var response = await Writer.PostAsync(CustomersPath, JsonBody(new
        {
            Name = "Acme Logistics",
            Type = "Customer",
            CompanyNumber = companyNumber,
            Status = "Active",
            BillingAddress = new { Street = "1 Main", City = "City", State = "NY", Zip = "10001" },
            Email = new[] { "billing@acme.example" },
            Phone = new[] { "555-1234" },
            Fax = "555-0000",
            ExternalId = "crm-1",
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        string[] members =
        [
            "Id", "ETag", "Name", "CompanyNumber", "Type", "Status", "BillingAddress", "Email", "Phone", "Fax", "DateCreated",
            "DateModified", "InvoicingInformation", "ExternalId",
        ];
        Assert.Equal(members, body.EnumerateObject().Select(p => p.Name).ToArray());
        var id = body.GetProperty("Id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(body.GetProperty("ETag").GetString(), response.Headers.ETag!.Tag);
        Assert.False(response.Headers.ETag.IsWeak);
        Assert.Equal($"/api/p/v1/customers/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(companyNumber, body.GetProperty("CompanyNumber").GetString());
        Assert.Equal("10001", body.GetProperty("BillingAddress").GetProperty("ZipCode").GetString());
        Assert.Equal("crm-1", body.GetProperty("ExternalId").GetString());
        Assert.Equal(body.GetProperty("DateCreated").GetString(), body.GetProperty("DateModified").GetString());

        var read = await Writer.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(response.Headers.ETag.Tag, read.Headers.ETag!.Tag);
        var stored = await read.ReadJsonAsync();
        Assert.Equal("Acme Logistics", stored.GetProperty("Name").GetString());
        Assert.Equal("crm-1", stored.GetProperty("ExternalIds")[0].GetString());
    }

    [Fact]
    public async Task Create_OnTheV10Route_LocatesOnTheSameSpelling()
    {
        var response = await Writer.PostAsync("/api/p/v1.0/customers", JsonBody(new { Name = Unique("V10"), Type = "Broker/3PL" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("/api/p/v1.0/customers/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BindsMemberNamesInAnyCaseAndZipCodeAsZip()
    {
        var response = await Writer.PostAsync(CustomersPath, JsonBody("""
            { "name": "lower case co", "TYPE": "customer", "billingaddress": { "zipCode": "90210", "CITY": "LA" }, "email": ["a@b.example"] }
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("lower case co", body.GetProperty("Name").GetString());
        Assert.Equal("Customer", body.GetProperty("Type").GetString());
        Assert.Equal("Active", body.GetProperty("Status").GetString());
        Assert.Equal("90210", body.GetProperty("BillingAddress").GetProperty("ZipCode").GetString());
        Assert.Equal("LA", body.GetProperty("BillingAddress").GetProperty("City").GetString());
    }

    [Fact]
    public async Task Create_IgnoresReadOnlyAndUnknownMembers()
    {
        var response = await Writer.PostAsync(CustomersPath, JsonBody("""
            {
              "Id": "ffffffffffffffffffffffffffffffff", "Name": "Ignored Fields Co", "Type": "Customer",
              "DateCreated": "2001-01-01T00:00:00+00:00", "DateModified": "2001-01-01T00:00:00+00:00",
              "SalesAgentId": "agent-7", "Contacts": [{ "Name": "x" }], "Notes": [{ "Id": "n", "Description": "d" }],
              "InvoicingInformation": { "InvoicingName": "x" }, "ETag": "\"forged\"", "tenantId": "someone-else", "keys": { "companyNumber": "x" },
              "Unknown": { "deep": [1, 2, 3] }
            }
            """));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.NotEqual("ffffffffffffffffffffffffffffffff", body.GetProperty("Id").GetString());
        Assert.NotEqual("\"forged\"", body.GetProperty("ETag").GetString());
        Assert.StartsWith(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("DateCreated").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("InvoicingInformation").ValueKind);

        var read = await (await Writer.GetAsync(response.Headers.Location)).ReadJsonAsync();
        Assert.Equal(0, read.GetProperty("Contacts").GetArrayLength());
        Assert.Equal(0, read.GetProperty("Notes").GetArrayLength());
        // The token's tenant decides, not the body's.
        var other = await api.ClientFor("someone-else", "customer:read").GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Create_InactiveIsAllowed()
    {
        var response = await Writer.PostAsync(CustomersPath, JsonBody(new { Name = Unique("Dormant"), Type = "Customer", Status = "Inactive" }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Inactive", (await response.ReadJsonAsync()).GetProperty("Status").GetString());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{ "Type": "Customer" }""", "Name" },
        { """{ "Name": "", "Type": "Customer" }""", "Name" },
        { """{ "Name": "   ", "Type": "Customer" }""", "Name" },
        { $$"""{ "Name": "{{new string('n', 201)}}", "Type": "Customer" }""", "Name" },
        { """{ "Name": null, "Type": "Customer" }""", "Name" },
        { """{ "Name": 42, "Type": "Customer" }""", "Name" },
        { """{ "Name": "Acme" }""", "Type" },
        { """{ "Name": "Acme", "Type": "Carrier" }""", "Type" },
        { """{ "Name": "Acme", "Type": ["Customer"] }""", "Type" },
        { """{ "Name": "Acme", "Type": "Customer", "Status": "Deleted" }""", "Status" },
        { """{ "Name": "Acme", "Type": "Customer", "Status": true }""", "Status" },
        { $$"""{ "Name": "Acme", "Type": "Customer", "CompanyNumber": "{{new string('7', 30)}}890" }""", "CompanyNumber" },
        { """{ "Name": "Acme", "Type": "Customer", "CompanyNumber": "N/A" }""", "CompanyNumber" },
        { """{ "Name": "Acme", "Type": "Customer", "CompanyNumber": " tbd " }""", "CompanyNumber" },
        { """{ "Name": "Acme", "Type": "Customer", "CompanyNumber": "000000" }""", "CompanyNumber" },
        { """{ "Name": "Acme", "Type": "Customer", "CompanyNumber": "" }""", "CompanyNumber" },
        { """{ "Name": "Acme", "Type": "Customer", "CompanyNumber": 12345 }""", "CompanyNumber" },
        { $$"""{ "Name": "Acme", "Type": "Customer", "ExternalId": "{{new string('e', 101)}}" }""", "ExternalId" },
        { """{ "Name": "Acme", "Type": "Customer", "Email": ["not-an-address"] }""", "Email[0]" },
        { """{ "Name": "Acme", "Type": "Customer", "Email": "a@b.example" }""", "Email" },
        { """{ "Name": "Acme", "Type": "Customer", "Email": [1] }""", "Email[0]" },
        { """{ "Name": "Acme", "Type": "Customer", "Phone": {} }""", "Phone" },
        { """{ "Name": "Acme", "Type": "Customer", "BillingAddress": "1 Main" }""", "BillingAddress" },
        { """{ "Name": "Acme", "Type": "Customer", "BillingAddress": { "Zip": 10001 } }""", "BillingAddress.Zip" },
        { """{ "Name": "Acme", "Type": "Customer", "BillingAddress": { "Zip": "1", "ZipCode": "2" } }""", "BillingAddress.Zip" },
        { """{ "Name": "Acme", "name": "Other", "Type": "Customer" }""", "Name" },
        { """[]""", "body" },
        { "\"just a string\"", "body" },
        { "null", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_InvalidBody_Is400WithTheFieldInErrors(string body, string field)
    {
        var response = await Writer.PostAsync(CustomersPath, JsonBody(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no '{field}' in {errors}");
        Assert.True(messages.GetArrayLength() > 0);
    }

    /// <summary>A value of the wrong JSON kind is answered with what the member takes, keyed by its declared name.</summary>
    [Theory]
    [InlineData("""{ "Name": 1, "Type": "Customer" }""", "Name", "Name must be a string or null.")]
    [InlineData("""{ "Name": "Acme", "Type": 0 }""", "Type", "Type must be one of 'Customer', 'Broker/3PL' or null.")]
    [InlineData("""{ "Name": "Acme", "Type": "Customer", "status": true }""", "Status", "Status must be one of 'Active', 'Inactive' or null.")]
    [InlineData("""{ "Name": "Acme", "Type": "Customer", "BillingAddress": "x" }""", "BillingAddress", "BillingAddress must be an object or null.")]
    [InlineData("""{ "Name": "Acme", "Type": "Customer", "Email": [1] }""", "Email[0]", "Email[0] must be a string.")]
    [InlineData("""{ "Name": "Acme", "Type": "Customer", "Phone": "555" }""", "Phone", "Phone must be an array or null.")]
    public async Task Create_WithAValueOfTheWrongKind_SaysWhatTheMemberTakes(string body, string field, string message)
    {
        var response = await Writer.PostAsync(CustomersPath, JsonBody(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData("{ \"Name\": ")]
    [InlineData("{ \"Name\": \"Acme\", }")]
    [InlineData("")]
    // A lone surrogate is refused where it is read, before the parser reaches the end: the member is named.
    [InlineData("{ \"Name\": \"\\uD800\" ", "Name")]
    public async Task Create_MalformedJson_Is400WithoutParserInternals(string body, string field = "body")
    {
        var response = await Writer.PostAsync(CustomersPath, JsonBody(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("LineNumber", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_DeeplyNestedJson_Is400()
    {
        var nested = new string('[', 500) + new string(']', 500);
        var response = await Writer.PostAsync(CustomersPath, JsonBody($$"""{ "Name": "Deep", "Type": "Customer", "Unknown": {{nested}} }"""));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Create_WithANonJsonContentType_Is415(string mediaType)
    {
        var response = await Writer.PostAsync(CustomersPath, JsonBody("""{ "Name": "Acme", "Type": "Customer" }""", mediaType));

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        Assert.Equal("Send the body as UTF-8 application/json.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Create_WithoutCreateScope_Is403()
    {
        var response = await api.ClientFor(_tenant, "customer:read", "customer:update").PostAsync(CustomersPath, JsonBody(new { Name = "Acme", Type = "Customer" }));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
    }
}
