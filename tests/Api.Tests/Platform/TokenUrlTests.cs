using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>
/// The document's token URL is the configured authority's: the token_endpoint of its OpenID configuration, read once;
/// without an authority (development tokens) the document says how to mint one.
/// </summary>
public sealed class TokenUrlTests
{
    [Fact]
    public async Task TheTokenUrl_IsTheConfiguredAuthoritysTokenEndpoint_ReadOnce()
    {
        await using var authority = await StubAuthority.StartAsync();
        using var factory = new ApiFactory();
        using var api = factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Authentication:Schemes:Bearer:Authority", authority.Url);
            // The stand-in authority listens on plain HTTP on loopback; a real one is HTTPS, as the handler demands by default.
            builder.UseSetting("Authentication:Schemes:Bearer:RequireHttpsMetadata", "false");
        });
        var client = api.CreateClient();

        var schemes = new List<JsonElement>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var response = await client.GetAsync("/openapi/v1.json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            schemes.Add((await response.ReadJsonAsync()).GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2"));
        }

        Assert.All(schemes, scheme => Assert.Equal(authority.Url + "oauth/token", scheme.GetProperty("flows").GetProperty("clientCredentials").GetProperty("tokenUrl").GetString()));
        Assert.DoesNotContain("user-jwts", schemes[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, authority.ConfigurationReads);
    }

    [Fact]
    public async Task WithoutAnAuthority_TheDocumentSaysHowToMintADevelopmentToken()
    {
        using var api = new ApiFactory();

        var document = await (await api.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2");
        Assert.Contains("dotnet user-jwts create", scheme.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>An OpenID provider's discovery document on a loopback port, counting how often it is read.</summary>
    private sealed class StubAuthority : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _reads;

        private StubAuthority(WebApplication app) => _app = app;

        public string Url => _app.Urls.First().TrimEnd('/') + "/";

        public int ConfigurationReads => Volatile.Read(ref _reads);

        public static async Task<StubAuthority> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var stub = new StubAuthority(app);
            app.MapGet("/.well-known/openid-configuration", () =>
            {
                Interlocked.Increment(ref stub._reads);
                return Results.Json(new Dictionary<string, object>
                {
                    ["issuer"] = stub.Url,
                    ["token_endpoint"] = stub.Url + "oauth/token",
                    ["jwks_uri"] = stub.Url + ".well-known/jwks.json",
                });
            });
            app.MapGet("/.well-known/jwks.json", () => Results.Json(new Dictionary<string, object> { ["keys"] = Array.Empty<object>() }));
            await app.StartAsync();
            return stub;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
