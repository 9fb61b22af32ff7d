using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>The served OpenAPI document against what the API really sends.</summary>
[Collection(ApiHosts.PlatformApi)]
public sealed class OpenApiDocumentTests(ApiFactory api)
{
    [Fact]
    public async Task Paths_AreConcrete_AndEveryOperationIsNamedSummarizedAndSecured()
    {
        var document = await ServedDocument.LoadAsync(api);
        var operations = ServedDocument.Operations(document).ToArray();

        Assert.NotEmpty(operations);
        Assert.All(operations, o => Assert.Matches("^/api/p/v1/(customers|webhooks)", o.Path));
        Assert.All(operations, o => Assert.DoesNotContain(
            o.Operation.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray().Select(p => p.GetProperty("name").GetString()) : [], name => name == "version"));
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("summary").GetString()), $"{o.Method} {o.Path}"));
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("description").GetString()), $"{o.Method} {o.Path}"));
        Assert.False(document.GetProperty("components").GetProperty("schemas").TryGetProperty("JsonElement", out _));
        Assert.Equal(operations.Length, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct().Count());
        Assert.All(operations, o => Assert.NotEqual(0, o.Operation.GetProperty("security").GetArrayLength()));
        var scopes = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2").GetProperty("flows").GetProperty("clientCredentials").GetProperty("scopes");
        Assert.Equal(
            ["customer:create", "customer:delete", "customer:read", "customer:update", "webhook:manage", "webhook:read"], scopes.EnumerateObject().Select(s => s.Name).Order());
    }

    [Fact]
    public async Task EveryOperation_DocumentsTheErrorsEveryRequestCanMeet()
    {
        var document = await ServedDocument.LoadAsync(api);

        foreach (var (path, method, operation) in ServedDocument.Operations(document))
        {
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "403", "429", "503" })
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{method} {path} lacks {status}");
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path} {status}");
            }

            Assert.True(responses.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        }
    }

    [Fact]
    public async Task ResponseSchemas_NameTheMembersTheApiSends()
    {
        var document = await ServedDocument.LoadAsync(api);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var client = api.ClientFor(ApiFactory.NewTenant(), "customer:read", "customer:create");

        var created = await client.PostAsync(CustomersPath, JsonBody(new { Name = Unique("Documented"), Type = "Customer" }));
        var written = await created.ReadJsonAsync();
        var read = await (await client.GetAsync($"{CustomersPath}/{written.GetProperty("Id").GetString()}")).ReadJsonAsync();

        Assert.Equal(Members(written), Properties(schemas, "CustomerWriteResponse"));
        Assert.Equal(Members(read), Properties(schemas, "CustomerResponse"));
        Assert.True(created.Headers.ETag is not null);
        Assert.True(ServedDocument.Operations(document).Single(o => o.Method == "post" && o.Path == "/api/p/v1/customers").Operation
            .GetProperty("responses").GetProperty("201").GetProperty("headers").TryGetProperty("Location", out _));
    }

    /// <summary>What the wire always carries is said: the ETag of a soft delete's 204, and every problem's members.</summary>
    [Fact]
    public async Task DeleteEtag_AndProblemMembers_AreDeclared()
    {
        var document = await ServedDocument.LoadAsync(api);
        var delete = ServedDocument.Operations(document).Single(o => o.Method == "delete" && o.Path == "/api/p/v1/customers/{id}").Operation;
        Assert.True(delete.GetProperty("responses").GetProperty("204").GetProperty("headers").TryGetProperty("ETag", out _));

        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails");
        Assert.Equal(["detail", "status", "title", "traceId", "type"], problem.GetProperty("required").EnumerateArray().Select(m => m.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["CompanyNumber", "ExternalId", "NameAndBillingZip"],
            problem.GetProperty("properties").GetProperty("conflictingField").GetProperty("enum").EnumerateArray().Select(m => m.GetString()!));
        Assert.True(problem.GetProperty("properties").TryGetProperty("existingCustomerId", out _));
    }

    [Theory]
    [InlineData("CustomerResponse")]
    [InlineData("CustomerWriteResponse")]
    [InlineData("CustomerPatch")]
    public async Task TypeAndStatus_AreTheNamedEnumerations(string schema)
    {
        var schemas = (await ServedDocument.LoadAsync(api)).GetProperty("components").GetProperty("schemas");
        var properties = schemas.GetProperty(schema).GetProperty("properties");

        string ReferenceOf(JsonElement member) => (member.TryGetProperty("oneOf", out var oneOf) ? oneOf.EnumerateArray().Single(m => m.TryGetProperty("$ref", out _)) : member).GetProperty("$ref").GetString()!;
        Assert.Equal("#/components/schemas/CustomerType", ReferenceOf(properties.GetProperty("Type")));
        Assert.Equal("#/components/schemas/CustomerStatus", ReferenceOf(properties.GetProperty("Status")));
        Assert.Equal(["Broker/3PL", "Customer"], schemas.GetProperty("CustomerType").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["Active", "Inactive"], schemas.GetProperty("CustomerStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order());
    }

    [Fact]
    public async Task TheLookupRequest_DeclaresItsThreeListsOnly()
    {
        var schemas = (await ServedDocument.LoadAsync(api)).GetProperty("components").GetProperty("schemas");

        Assert.Equal(["CompanyNumbers", "ExternalIds", "Ids"], Properties(schemas, "LookupRequest"));
    }

    [Fact]
    public async Task MergePatchOperations_TakeTheMergePatchMediaType()
    {
        var document = await ServedDocument.LoadAsync(api);

        foreach (var (path, _, operation) in ServedDocument.Operations(document).Where(o => o.Method == "patch"))
        {
            Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/merge-patch+json", out _), path);
        }
    }

    [Fact]
    public async Task TheConformanceCheck_RefusesWhatTheDocumentDoesNotSay()
    {
        var conformance = await OpenApiConformance.LoadAsync(api.CreateClient());
        HttpRequestMessage Get() => new(HttpMethod.Get, "http://localhost/api/p/v1/customers/0123456789abcdef0123456789abcdef");
        HttpResponseMessage Answer(HttpStatusCode status, string body) =>
            new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

        var teapot = await conformance.CheckAsync(Get(), Answer((HttpStatusCode)418, "{}"));
        var wrongBody = await conformance.CheckAsync(Get(), Answer(HttpStatusCode.OK, """{ "Id": 5, "Type": "Carrier" }"""));
        var wrongType = await conformance.CheckAsync(Get(), new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<customer/>", System.Text.Encoding.UTF8, "application/xml") });

        Assert.Contains("418 is not documented", teapot, StringComparison.Ordinal);
        Assert.Contains("does not match its schema", wrongBody, StringComparison.Ordinal);
        Assert.Contains("application/xml is not documented", wrongType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConformanceCheck_RefusesAnUndeclaredMember_AndAMissingRequiredOne()
    {
        var conformance = await OpenApiConformance.LoadAsync(api.CreateClient());
        Task<string?> NotFound(string body) => conformance.CheckAsync(
            new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/p/v1/customers/0123456789abcdef0123456789abcdef"),
            new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/problem+json") });

        var declared = await NotFound("""{ "type": "https://api.alvys.com/problems/NotFound", "title": "Not found.", "status": 404, "detail": "No customer 0123.", "traceId": "abc" }""");
        var undeclared = await NotFound("""{ "type": "https://api.alvys.com/problems/NotFound", "title": "Not found.", "status": 404, "detail": "No customer 0123.", "traceId": "abc", "stackTrace": "at ..." }""");
        var missing = await NotFound("""{ "type": "https://api.alvys.com/problems/NotFound", "title": "Not found.", "status": 404, "detail": "No customer 0123." }""");

        Assert.Null(declared);
        Assert.Contains("does not match its schema", undeclared, StringComparison.Ordinal);
        Assert.Contains("does not match its schema", missing, StringComparison.Ordinal);
    }

    private static string[] Members(JsonElement value) => value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    private static string[] Properties(JsonElement schemas, string name) =>
        schemas.GetProperty(name).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
