using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Reliability;

/// <summary>
/// One rule for every text field, lengths as a reader counts them, one value per query parameter, instants with
/// their offset, and a problem body for every error — each a 4xx, and nothing stored by it.
/// </summary>
[Collection(ApiHosts.ReliabilityApi)]
public sealed class InputHygieneTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update");

    private static string Body(string member, object value) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["Name"] = Unique("Hygiene"), ["Type"] = "Customer", [member] = value });

    public static TheoryData<string, object, string> ControlCharacters => new()
    {
        { "Name", "Acme\u0000Freight", "Name" },
        { "CompanyNumber", "AB\u0000C", "CompanyNumber" },
        { "ExternalId", "crm\u0007-1", "ExternalId" },
        { "Phone", new[] { "555\u00001234" }, "Phone[0]" },
        { "Fax", "555\u001b1234", "Fax" },
        { "Email", new[] { "a\u0000b@acme.example" }, "Email[0]" },
        { "BillingAddress", new { Street = "1 Main\u0000" }, "BillingAddress.Street" },
        { "BillingAddress", new { City = "City\u0008" }, "BillingAddress.City" },
        { "BillingAddress", new { State = "N\u0000Y" }, "BillingAddress.State" },
        { "BillingAddress", new { Zip = "100\u000001" }, "BillingAddress.Zip" },
    };

    [Theory]
    [MemberData(nameof(ControlCharacters), DisableDiscoveryEnumeration = true)]
    public async Task ControlCharacters_AreRefusedInEveryTextField_AndNothingIsStored(string member, object value, string field)
    {
        var response = await Client.PostAsync(CustomersPath, JsonBody(Body(member, value)));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task ControlCharacters_CannotBePatchedIn()
    {
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Clean"), Type = "Customer", CompanyNumber = Unique("CLEAN") });

        var response = await Client.PatchAsync(id, """{ "CompanyNumber": "AB\u0000C", "Fax": "1\u00002" }""", etag);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("CompanyNumber", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("Fax", out _));
        Assert.Equal(etag, (await Client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag);
    }

    [Theory]
    [InlineData("\u200b")]
    [InlineData("\u200b\u200d\u2060")]
    [InlineData("\u0301\u0301\u0301")]
    [InlineData(" \u00a0\u3000 ")]
    [InlineData("\u3164")]
    public async Task TextThatShowsNothing_IsNoName(string name)
    {
        var response = await Client.PostAsync(CustomersPath, JsonBody(new { Name = name, Type = "Customer" }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Name", out _));
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task TextThatShowsNothing_IsNoCompanyNumberOrExternalId()
    {
        var response = await Client.PostAsync(CustomersPath, JsonBody(new { Name = Unique("Invisible"), Type = "Customer", CompanyNumber = "\u200b", ExternalId = "\u2060" }));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("CompanyNumber", out _));
        Assert.True(errors.TryGetProperty("ExternalId", out _));
    }

    [Fact]
    public async Task Lengths_CountWhatAReaderCounts()
    {
        // 🚛 and 🚜 take two UTF-16 code units each; é written as e + combining accent takes two as well.
        var (truck, _) = await Client.CreateAsync(new { Name = string.Concat(Enumerable.Repeat("🚛", 200)), Type = "Customer" });
        var (accent, _) = await Client.CreateAsync(new { Name = string.Concat(Enumerable.Repeat("e\u0301", 200)), Type = "Customer" });
        var (tractor, _) = await Client.CreateAsync(new { Name = string.Concat(Enumerable.Repeat("🚜", 101)), Type = "Customer" });

        var tooLong = await Client.PostAsync(CustomersPath, JsonBody(new { Name = string.Concat(Enumerable.Repeat("🚜", 201)), Type = "Customer" }));

        var message = (await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors").GetProperty("Name")[0].GetString();
        Assert.Contains("at most 200 characters", message, StringComparison.Ordinal);
        Assert.Contains("as a reader counts them", message, StringComparison.Ordinal);
        Assert.All(new[] { truck, accent, tractor }, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    [Theory]
    [InlineData("?companyNumber=A-1&companyNumber=B-2", "companyNumber")]
    [InlineData("?id=0123456789abcdef0123456789abcdef&id=0123456789abcdef0123456789abcdee", "id")]
    [InlineData("?companyNumber=A-1&COMPANYNUMBER=B-2", "companyNumber")]
    public async Task ARepeatedQueryParameter_Is400NamingIt(string query, string parameter)
    {
        var response = await Client.GetAsync(CustomersPath + query);

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => string.Equals(e.Name, parameter, StringComparison.OrdinalIgnoreCase)), errors.ToString());
    }

    [Theory]
    [InlineData("2030-01-01")]
    [InlineData("2030-01-01T00:00:00")]
    [InlineData("2030-01-01T00:00:00.1234567")]
    public async Task SearchDates_WithoutAnOffset_Are400(string start)
    {
        var response = await Client.PostAsync($"{CustomersPath}/search", JsonBody(new { page = 0, pageSize = 10, statuses = new[] { "Active" }, createdDateRange = new { start } }));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors");
        Assert.Contains("offset", errors.GetProperty("createdDateRange.start")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2030-01-01T00:00:00Z")]
    [InlineData("2030-01-01T00:00:00-05:00")]
    [InlineData("2030-01-01T00:00:00.5+05:30")]
    public async Task SearchDates_WithAnOffset_AreAccepted(string end) =>
        Assert.Equal(
            HttpStatusCode.OK,
            (await Client.PostAsync($"{CustomersPath}/search", JsonBody(new { page = 0, pageSize = 10, statuses = new[] { "Active" }, createdDateRange = new { end } }))).StatusCode);

    [Fact]
    public async Task AWrongJsonTypeInASearch_IsReportedAgainstItsFieldOnly()
    {
        var response = await Client.PostAsync($"{CustomersPath}/search", JsonBody("""{ "page": "first", "pageSize": 10, "statuses": ["Active"] }"""));

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors");
        Assert.Equal(["page"], errors.EnumerateObject().Select(e => e.Name).ToArray());
    }

    [Fact]
    public async Task AnOverlongUri_Is414Problem()
    {
        var response = await Client.GetAsync($"{CustomersPath}?companyNumber={new string('x', 9000)}");

        await response.AssertProblemAsync(HttpStatusCode.RequestUriTooLong, "UriTooLong");
    }

    [Fact]
    public async Task OverlargeHeaders_Are431Problem()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{CustomersPath}/0123456789abcdef0123456789abcdef");
        request.Headers.Add("X-Padding", new string('x', 33 * 1024));

        var response = await Client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, "RequestHeadersTooLarge");
    }

    [Fact]
    public async Task Head_OnAReadableResource_AnswersLikeGetWithoutABody()
    {
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Headed"), Type = "Customer", CompanyNumber = Unique("HEAD") });

        var byId = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{CustomersPath}/{id}"));
        var byQuery = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{CustomersPath}?id={id}"));
        var missing = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{CustomersPath}/0123456789abcdef0123456789abcdef"));

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal(etag, byId.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("Search")]
    public async Task GetOnTheSearchResource_Is405AllowingPost(string segment)
    {
        var response = await Client.GetAsync($"{CustomersPath}/{segment}");

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    private async Task<int> CountAsync()
    {
        var response = await Client.PostAsync($"{CustomersPath}/search", JsonBody(new { page = 0, pageSize = 1, statuses = new[] { "Active", "Inactive" } }));
        return (await response.ReadJsonAsync()).GetProperty("Total").GetInt32();
    }
}
