using System.Net;
using System.Net.Http.Headers;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Alvys.Customers.Api.Tests.Security;

/// <summary>A validated token is answered from memory for a short while — never longer than it is valid, never for a different token.</summary>
[Collection(ApiHosts.PlatformApi)]
public sealed class RememberedTokenHandlerTests(ApiFactory api)
{
    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = TestTokens.Issuer,
        ValidAudience = TestTokens.Audience,
        IssuerSigningKey = new SymmetricSecurityKey(TestTokens.SigningKey) { KeyId = TestTokens.KeyId },
        ClockSkew = TimeSpan.Zero,
    };

    [Fact]
    public async Task SameToken_IsValidatedOnce_AndEachCallGetsItsOwnIdentity()
    {
        var (handler, inner, _) = Remembering(TimeSpan.FromSeconds(60));
        var token = TestTokens.Create("acme", [CustomerScopes.Read]);

        var first = await handler.ValidateTokenAsync(token, Parameters);
        var second = await handler.ValidateTokenAsync(token, Parameters);
        var third = await handler.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, inner.Calls);
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
        Assert.IsType(first.ClaimsIdentity.GetType(), second.ClaimsIdentity, exactMatch: true);
        Assert.Equal(Claims(first), Claims(second));
        Assert.Equal("acme", second.ClaimsIdentity.FindFirst("tenant_id")?.Value);
        Assert.Same(first.SecurityToken, second.SecurityToken);

        // A claim added to one request's identity does not reach the next request's.
        second.ClaimsIdentity.AddClaim(new System.Security.Claims.Claim("scope", CustomerScopes.Delete));
        Assert.DoesNotContain(third.ClaimsIdentity.FindAll("scope"), c => c.Value == CustomerScopes.Delete);
    }

    [Fact]
    public async Task RememberedToken_IsValidatedAgainAfterTheLifetime()
    {
        var (handler, inner, clock) = Remembering(TimeSpan.FromSeconds(60));
        var token = TestTokens.Create("acme", [CustomerScopes.Read]);

        await handler.ValidateTokenAsync(token, Parameters);
        clock.Advance(TimeSpan.FromSeconds(59));
        await handler.ValidateTokenAsync(token, Parameters);
        Assert.Equal(1, inner.Calls);

        clock.Advance(TimeSpan.FromSeconds(1));
        await handler.ValidateTokenAsync(token, Parameters);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task RememberedToken_IsNeverAnsweredFromMemoryPastItsExpiry()
    {
        var (handler, inner, clock) = Remembering(TimeSpan.FromSeconds(60));
        var expires = DateTime.UtcNow.AddSeconds(10);
        var token = TestTokens.Create("acme", [CustomerScopes.Read], expires: expires);
        clock.SetUtcNow(DateTime.UtcNow);

        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);
        clock.SetUtcNow(new DateTimeOffset(expires).AddSeconds(1));
        await handler.ValidateTokenAsync(token, Parameters);

        // Past the token's own expiry the inner handler judges it again (within the 60 s the handler would otherwise remember it).
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task FailedValidation_IsNeverRemembered()
    {
        var (handler, inner, _) = Remembering(TimeSpan.FromSeconds(60));
        var token = TestTokens.Create("acme", [CustomerScopes.Read], audience: "someone-else");

        Assert.False((await handler.ValidateTokenAsync(token, Parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(token, Parameters)).IsValid);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task TokenDifferingInOneCharacter_IsValidatedInFull()
    {
        var (handler, inner, _) = Remembering(TimeSpan.FromSeconds(60));
        var token = TestTokens.Create("acme", [CustomerScopes.Read]);
        var last = token[^2];
        var tampered = token[..^2] + (last == 'A' ? 'B' : 'A') + token[^1];

        Assert.True((await handler.ValidateTokenAsync(token, Parameters)).IsValid);
        Assert.False((await handler.ValidateTokenAsync(tampered, Parameters)).IsValid);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Recall_AnswersOnlyARememberedToken_WithinItsLife_AsACopy()
    {
        var (handler, inner, clock) = Remembering(TimeSpan.FromSeconds(60));
        var token = TestTokens.Create("acme", [CustomerScopes.Read]);
        var header = $"Bearer {token}";

        Assert.False(handler.TryRecall(header.AsSpan(7), out _));
        var validated = await handler.ValidateTokenAsync(token, Parameters);

        // Found where it lies in the header's text, as the request delivers it.
        Assert.True(handler.TryRecall(header.AsSpan(7), out var first));
        Assert.True(handler.TryRecall(token, out var second));
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(Claims(validated), Claims(first));
        Assert.Same(validated.SecurityToken, first.SecurityToken);
        Assert.False(handler.TryRecall(token.AsSpan(0, token.Length - 1), out _));
        Assert.Equal(1, inner.Calls);

        clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(handler.TryRecall(token, out _));
    }

    [Fact]
    public async Task OverHttp_ARememberedTokenIsReadFromTheHeaderAsTheHandlerReadsIt()
    {
        using var client = api.CreateClient();
        var token = TestTokens.Create("recalled-tenant", [CustomerScopes.Read, CustomerScopes.Create]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await client.CreateAsync(new { Name = HttpHelpers.Unique("Recalled"), Type = "Customer" });

        var path = $"{HttpHelpers.CustomersPath}/{created.Id}";

        // Scheme in any letter case and the token padded with spaces: recalled, the same customer found.
        Assert.Equal(HttpStatusCode.OK, await GetAsync(path, $"bearer {token}"));
        Assert.Equal(HttpStatusCode.OK, await GetAsync(path, $"BEARER   {token}  "));

        // Not a bearer header, or two of them: never recalled, and refused as the handler refuses them.
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(path, $"Basic {token}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetAsync(path, $"Bearer {token}", $"Bearer {token}"));
    }

    /// <summary>A GET with these Authorization header values, exactly as given.</summary>
    private async Task<HttpStatusCode> GetAsync(string path, params string[] authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var value in authorization)
        {
            request.Headers.TryAddWithoutValidation("Authorization", value);
        }

        using var response = await api.CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task FullMemory_ForgetsRatherThanGrows()
    {
        var inner = new CountingHandler(new JsonWebTokenHandler { MapInboundClaims = false });
        var handler = new RememberedTokenHandler(inner, TimeSpan.FromSeconds(60), new ManualClock(), capacity: 2);
        var tokens = Enumerable.Range(0, 3).Select(i => TestTokens.Create($"tenant-{i}", [CustomerScopes.Read])).ToArray();

        foreach (var token in tokens)
        {
            await handler.ValidateTokenAsync(token, Parameters);
        }

        // The third token found the memory full and cleared it: the first is validated again, the third is not.
        await handler.ValidateTokenAsync(tokens[0], Parameters);
        await handler.ValidateTokenAsync(tokens[2], Parameters);
        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public void TheApiRemembersTokensForSixtySecondsByDefault()
    {
        var options = api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);

        var handler = Assert.IsType<RememberedTokenHandler>(Assert.Single(options.TokenHandlers));
        Assert.Equal(TimeSpan.FromSeconds(60), handler.Lifetime);
        Assert.IsType<JsonWebTokenHandler>(handler.Inner);
    }

    [Fact]
    public async Task OverHttp_ARememberedTokenStillAnswersItsOwnTenantOnly_AndATamperedOneIs401()
    {
        using var client = api.CreateClient();
        var token = TestTokens.Create("remembered-tenant", [CustomerScopes.Read, CustomerScopes.Create]);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await client.CreateAsync(new { Name = HttpHelpers.Unique("Remembered"), Type = "Customer" });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{HttpHelpers.CustomersPath}/{created.Id}")).StatusCode);
        }

        using var other = api.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create("another-tenant", [CustomerScopes.Read]));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{HttpHelpers.CustomersPath}/{created.Id}")).StatusCode);

        var tampered = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync($"{HttpHelpers.CustomersPath}/{created.Id}")).StatusCode);
    }

    private static string[] Claims(TokenValidationResult result) =>
        result.ClaimsIdentity.Claims.Select(c => $"{c.Type}={c.Value}").Order(StringComparer.Ordinal).ToArray();

    private static (RememberedTokenHandler Handler, CountingHandler Inner, ManualClock Clock) Remembering(TimeSpan lifetime)
    {
        var inner = new CountingHandler(new JsonWebTokenHandler { MapInboundClaims = false });
        var clock = new ManualClock();
        return (new RememberedTokenHandler(inner, lifetime, clock), inner, clock);
    }

    private sealed class CountingHandler(TokenHandler inner) : TokenHandler
    {
        private int _calls;

        public int Calls => _calls;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref _calls);
            return inner.ValidateTokenAsync(token, validationParameters);
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;

        public void SetUtcNow(DateTimeOffset now) => _now = now;
    }
}
