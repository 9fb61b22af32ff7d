using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Api.Tests.Features;
using Alvys.Customers.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Alvys.Customers.Api.Tests.Security;

/// <summary>
/// Signing keys are read from configuration once, not per request, and again when configuration reloads: a key
/// rotated in (or minted by <c>dotnet user-jwts</c> after the API started) is honoured from the next request on.
/// </summary>
public sealed class SigningKeyReloadTests(ReloadableApiFactory host) : IClassFixture<ReloadableApiFactory>
{
    [Fact]
    public async Task KeysAreHeldAsAList_AndARotatedKeyIsHonouredAfterTheReload()
    {
        var options = host.Api.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        Assert.IsAssignableFrom<ICollection<SecurityKey>>(options.TokenValidationParameters.IssuerSigningKeys);

        var rotated = Encoding.UTF8.GetBytes("alvys-customers-tests-rotated-key-0123456789abcdef");
        var tenant = ApiFactory.NewTenant();
        using var client = host.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(tenant, [CustomerScopes.Read], key: rotated));
        var path = $"{HttpHelpers.CustomersPath}/0123456789abcdef0123456789abcdef";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path)).StatusCode);

        host.Settings.Set("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(rotated));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        Assert.IsAssignableFrom<ICollection<SecurityKey>>(options.TokenValidationParameters.IssuerSigningKeys);
    }
}
