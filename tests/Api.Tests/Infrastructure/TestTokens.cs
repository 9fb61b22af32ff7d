using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>Real signed JWTs, validated by the API through the standard Authentication:Schemes:Bearer section.</summary>
public static class TestTokens
{
    public const string Issuer = "https://login.alvys-tests.example/";
    public const string Audience = "alvys-customers-api";
    public const string KeyId = "test-signing-key";

    public static readonly byte[] SigningKey = Encoding.UTF8.GetBytes("alvys-customers-tests-signing-key-0123456789abcdef");

    public static string SigningKeyBase64 => Convert.ToBase64String(SigningKey);

    public static string Create(
        string? tenantId,
        IEnumerable<string> scopes,
        string scopeClaim = "scope",
        bool scopeAsArray = false,
        string audience = Audience,
        string issuer = Issuer,
        DateTime? expires = null,
        byte[]? key = null,
        string clientId = "partner-client",
        IEnumerable<Claim>? extraClaims = null)
    {
        var claims = new List<Claim> { new("sub", clientId), new("azp", clientId) };
        if (tenantId is not null)
        {
            claims.Add(new Claim("tenant_id", tenantId));
        }

        var scopeList = scopes.ToArray();
        if (scopeAsArray)
        {
            claims.AddRange(scopeList.Select(s => new Claim(scopeClaim, s)));
        }
        else if (scopeList.Length > 0)
        {
            claims.Add(new Claim(scopeClaim, string.Join(' ', scopeList)));
        }

        claims.AddRange(extraClaims ?? []);
        var expiresAt = expires ?? DateTime.UtcNow.AddMinutes(30);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = expiresAt.AddHours(-2),
            IssuedAt = expiresAt.AddHours(-2),
            Expires = expiresAt,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey) { KeyId = KeyId }, SecurityAlgorithms.HmacSha256),
        };
        var handler = new JwtSecurityTokenHandler { MapInboundClaims = false, SetDefaultTimesOnTokenCreation = false };
        // Several claims of one type become a JSON array, as `dotnet user-jwts` emits scopes.
        return handler.WriteToken(handler.CreateToken(descriptor));
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string CreateUnsigned(string tenantId, params string[] scopes)
    {
        static string Encode(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT" });
        var payload = Encode(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "partner-client",
            ["tenant_id"] = tenantId,
            ["scope"] = string.Join(' ', scopes),
            ["nbf"] = now - 60,
            ["exp"] = now + 600,
        });
        return $"{header}.{payload}.";
    }
}
