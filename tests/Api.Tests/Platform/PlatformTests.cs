using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;

namespace Alvys.Customers.Api.Tests.Platform;

[Collection(ApiHosts.PlatformApi)]
public sealed class PlatformTests(ApiFactory api)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthEndpoints_AreAnonymousAndHealthy(string path)
    {
        var response = await api.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCustomerRoutes()
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/api/p/v1/customers/{id}", paths);
        Assert.Contains("/api/p/v1/customers", paths);
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        var response = await api.ClientFor("t1", "customer:read").GetAsync("/api/p/v1/nothing-here");

        var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Equal("No operation answers GET /api/p/v1/nothing-here: the operations are listed in /openapi/v1.json and at /docs.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/p/v1/nothing-here")]
    [InlineData("/nothing/at/all")]
    public async Task UnknownRoute_Is404Problem_AlsoForAnAnonymousCaller(string path)
    {
        var response = await api.CreateClient().GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task AControllerAction_StillDemandsATokenWithATenant()
    {
        var anonymous = await api.CreateClient().GetAsync("/api/p/v1/customers/3a61454a41604c24adf061d8304e1177");
        var noTenant = await api.ClientWithToken(TestTokens.Create(tenantId: null, ["customer:read"])).GetAsync("/api/p/v1/customers/3a61454a41604c24adf061d8304e1177");

        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        await noTenant.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Theory]
    [InlineData("GET", "search")]
    [InlineData("DELETE", "search")]
    [InlineData("PATCH", "lookup")]
    [InlineData("GET", "lookup")]
    public async Task AnotherMethodOnSearchOrLookup_Is405_AllowingPostOnly(string method, string resource)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"/api/p/v1/customers/{resource}");
        request.Headers.TryAddWithoutValidation("If-Match", "*");

        var response = await api.ClientFor("t1", "customer:read", "customer:update", "customer:delete").SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task WrongMethod_Is405Problem()
    {
        var response = await api.ClientFor("t1", "customer:read").PutAsync("/api/p/v1/customers/3a61454a41604c24adf061d8304e1177", new StringContent("{}"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        Assert.Equal(
            "PUT is not an operation of /api/p/v1/customers/3a61454a41604c24adf061d8304e1177; it takes DELETE, GET, HEAD, PATCH (the Allow header).",
            problem.GetProperty("detail").GetString());
    }
}
