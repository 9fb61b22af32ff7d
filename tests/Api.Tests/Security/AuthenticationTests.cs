using System.Net;
using System.Net.Http.Headers;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Api.Tests.Security;

[Collection(ApiHosts.PlatformApi)]
public sealed class AuthenticationTests(ApiFactory api)
{
    private const string AnyCustomer = "/api/p/v1/customers/3a61454a41604c24adf061d8304e1177";

    public static TheoryData<string, string> RejectedTokens => new()
    {
        { "expired", TestTokens.Create("t1", ["customer:read"], expires: DateTime.UtcNow.AddHours(-1)) },
        { "wrong audience", TestTokens.Create("t1", ["customer:read"], audience: "some-other-api") },
        { "wrong issuer", TestTokens.Create("t1", ["customer:read"], issuer: "https://evil.example/") },
        { "bad signature", TestTokens.Create("t1", ["customer:read"], key: "a-different-key-of-enough-length-0123456789"u8.ToArray()) },
        { "alg none", TestTokens.CreateUnsigned("t1", "customer:read") },
        { "garbage", "not.a.jwt" },
    };

    [Fact]
    public async Task NoToken_Is401WithBearerChallengeAndProblem()
    {
        var response = await api.CreateClient().GetAsync(AnyCustomer);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task InvalidToken_Is401(string why, string token)
    {
        var response = await api.ClientWithToken(token).GetAsync(AnyCustomer);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.True(response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"), why);
    }

    [Fact]
    public async Task TokenWithoutReadScope_Is403()
    {
        var response = await api.ClientFor("t1", "customer:create", "customer:update").GetAsync(AnyCustomer);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        Assert.Contains("customer:read", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWithoutTenantClaim_Is403()
    {
        var response = await api.ClientWithToken(TestTokens.Create(tenantId: null, ["customer:read"])).GetAsync(AnyCustomer);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        Assert.Contains("tenant_id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopeNamePrefix_DoesNotGrantTheScope()
    {
        var response = await api.ClientFor("t1", "customer:readonly", "customer").GetAsync(AnyCustomer);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    public static TheoryData<string, string> AcceptedScopeForms => new()
    {
        { "scope string", TestTokens.Create("TENANT", ["customer:create", "customer:read"]) },
        { "scope array (dotnet user-jwts)", TestTokens.Create("TENANT", ["customer:read", "customer:delete"], scopeAsArray: true) },
        { "scp", TestTokens.Create("TENANT", ["customer:read"], scopeClaim: "scp") },
        { "permissions array", TestTokens.Create("TENANT", ["customer:read", "customer:update"], scopeClaim: "permissions", scopeAsArray: true) },
    };

    [Theory]
    [MemberData(nameof(AcceptedScopeForms))]
    public async Task ReadScope_IsReadFromEveryClaimForm(string form, string tokenTemplate)
    {
        // The token names the placeholder tenant "TENANT"; the customer is seeded there under a fresh id.
        var (customer, _) = await api.SeedAsync("TENANT", new CustomerPatch { Name = "Scope Form " + Guid.NewGuid(), Type = CustomerType.Customer });
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokenTemplate);

        var response = await client.GetAsync($"/api/p/v1/customers/{customer.Id}");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{form}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
