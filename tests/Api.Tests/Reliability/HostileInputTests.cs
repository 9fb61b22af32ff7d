using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Reliability;

/// <summary>Garbage in: a clear 4xx problem out, never a 5xx, never an internal detail, nothing stored changed.</summary>
[Collection(ApiHosts.ReliabilityApi)]
public sealed class HostileInputTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update", "customer:delete");

    [Fact]
    public async Task ABodyOverTheCap_WithAContentLength_Is413()
    {
        var response = await Client.PostAsync(CustomersPath, JsonBody($$"""{ "Name": "Big", "Type": "Customer", "Fax": "{{new string('x', 70_000)}}" }"""));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
    }

    [Fact]
    public async Task ABodyOverTheCap_StreamedWithoutALength_Is413()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{ "Name": "Big", "Type": "Customer", "Unknown": "{{new string('x', 200_000)}}" }""");
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, CustomersPath) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await Client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
    }

    [Fact]
    public async Task AnOversizedPatch_LeavesTheCustomerAsItWas()
    {
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Kept"), Type = "Customer", Fax = "1" });

        var response = await Client.PatchAsync(id, $$"""{ "Fax": "{{new string('9', 80_000)}}" }""", etag);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        var current = await Client.GetAsync($"{CustomersPath}/{id}");
        Assert.Equal(etag, current.Headers.ETag!.Tag);
        Assert.Equal("1", (await current.ReadJsonAsync()).GetProperty("Fax").GetString());
    }

    [Theory]
    [InlineData("""{ "Name": "X@", "Type": "Customer" }""", "POST", "")]
    [InlineData("""{ "N@me": "X", "Type": "Customer" }""", "POST", "")]
    [InlineData("""{ "page": 0, "pageSize": 1, "statuses": ["Act@ve"] }""", "POST", "/search")]
    [InlineData("""{ "Fax": "@" }""", "PATCH", "")]
    [InlineData("""{ "It@ms": [ { "ExternalId": "u-1" } ] }""", "POST", "/external/batch")]
    [InlineData("""{ "Items": [ { "Extern@lId": "u-1" } ] }""", "POST", "/external/batch")]
    [InlineData("""{ "Items": [ { "ExternalId": "u-@" } ] }""", "POST", "/external/batch")]
    [InlineData("""{ "Items": [ { "ExternalId": "u-\uD800" } ] }""", "POST", "/external/batch")]
    [InlineData("""{ "Name": "\uDC00", "Type": "Customer" }""", "POST", "")]
    public async Task InvalidUtf8_Is400(string json, string method, string suffix)
    {
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Utf8"), Type = "Customer" });
        // '@' marks where bytes that are no UTF-8 go.
        var bytes = Encoding.UTF8.GetBytes(json).SelectMany(b => b == (byte)'@' ? new byte[] { 0xC3, 0x28, 0xFF } : [b]).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(new HttpMethod(method), method == "PATCH" ? $"{CustomersPath}/{id}" : CustomersPath + suffix) { Content = content };
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        var response = await Client.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public async Task AHugeArrayWithinTheCap_IsRefusedByField()
    {
        var emails = string.Join(",", Enumerable.Range(0, 3000).Select(i => $"\"{i}@x.io\""));

        var response = await Client.PostAsync(CustomersPath, JsonBody($$"""{ "Name": "Many", "Type": "Customer", "Email": [{{emails}}] }"""));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("Email", out _));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(2000)]
    public async Task AnOverlongId_Is404(int length)
    {
        var response = await Client.GetAsync($"{CustomersPath}/{new string('a', length)}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Theory]
    [InlineData("%01%02")]
    [InlineData("..%2F..%2Fdbs")]
    [InlineData("%F0%9F%92%A9")]
    [InlineData("'%20OR%201=1--")]
    public async Task PathAndQueryTricks_AreJust404(string fragment)
    {
        var byId = await Client.GetAsync($"{CustomersPath}/{fragment}");
        var byNumber = await Client.GetAsync($"{CustomersPath}?companyNumber={fragment}");

        await byId.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await byNumber.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task UnknownQueryParameters_AreIgnored()
    {
        var (id, _) = await Client.CreateAsync(new { Name = Unique("Query"), Type = "Customer" });

        var response = await Client.GetAsync($"{CustomersPath}/{id}?expand=everything&$select=*&debug=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("W/")]
    [InlineData("\"a\"\"b\"")]
    [InlineData("*, *")]
    public async Task IfMatchGarbage_IsAPreconditionOrSyntaxAnswer_NotA5xx(string ifMatch)
    {
        var (id, _) = await Client.CreateAsync(new { Name = Unique("IfMatch"), Type = "Customer" });

        var response = await Client.PatchAsync(id, new { Fax = "1" }, ifMatch);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.PreconditionFailed });
    }

    [Theory]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task WrongContentTypes_Are4xxProblems(string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{ "Name": "X", "Type": "Customer" }"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await Client.PostAsync(CustomersPath, content);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
