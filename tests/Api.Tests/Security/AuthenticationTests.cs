using System.Net;
using System.Net.Http.Headers;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Api.Tests.Security;

[Collection(ApiHosts.PlatformApi)]
public sealed class AuthenticationTests(ApiFactory api)
{
    private const string AnyCustomer = "/api/p/v1/customers/3a61454a41604c24adf061d8304e1177";

    private static readonly DateTime LongAgo = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    /// <summary>Each rejected token, and what the 401's detail must say to tell the partner how to fix it.</summary>
    public static TheoryData<string, string, string[]> RejectedTokens => new()
    {
        { "expired", TestTokens.Create("t1", ["customer:read"], expires: LongAgo), ["expired at 2026-01-02T03:04:05Z"] },
        { "wrong audience", TestTokens.Create("t1", ["customer:read"], audience: "some-other-api"), ["audience", $"'{TestTokens.Audience}'"] },
        { "wrong issuer", TestTokens.Create("t1", ["customer:read"], issuer: "https://evil.example/"), ["issuer", "'https://evil.example/'", $"'{TestTokens.Issuer}'"] },
        { "bad signature", TestTokens.Create("t1", ["customer:read"], key: "a-different-key-of-enough-length-0123456789"u8.ToArray()), ["signature"] },
        { "alg none", TestTokens.CreateUnsigned("t1", "customer:read"), ["signature"] },
        { "garbage", "not.a.jwt", ["not a well-formed JWT"] },
    };

    [Fact]
    public async Task NoToken_Is401WithBearerChallengeAndProblem()
    {
        var response = await api.CreateClient().GetAsync(AnyCustomer);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.Contains("no bearer access token", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RejectedTokens))]
    public async Task InvalidToken_Is401SayingWhy_WithoutEchoingTheToken(string why, string token, string[] detailSays)
    {
        var response = await api.ClientWithToken(token).GetAsync(AnyCustomer);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.True(response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"), why);
        var detail = problem.GetProperty("detail").GetString()!;
        foreach (var fragment in detailSays)
        {
            Assert.Contains(fragment, detail, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(token, problem.GetRawText(), StringComparison.Ordinal);
        Assert.NotEqual(problem.GetProperty("title").GetString(), detail);
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
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("tenant_id", detail, StringComparison.Ordinal);
        // Said once, though both the endpoint's policy and the action's judge the tenant.
        var sentences = detail.Split(". ", StringSplitOptions.RemoveEmptyEntries).Select(sentence => sentence.TrimEnd('.')).ToArray();
        Assert.Equal(sentences.Distinct().Count(), sentences.Length);
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
        { "roles array (Entra ID client credentials)", TestTokens.Create("TENANT", ["customer:read", "customer:update"], scopeClaim: "roles", scopeAsArray: true) },
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
