using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Alvys.Customers.Api.Security;

/// <summary>
/// The sentence a 401 problem's <c>detail</c> carries: why the bearer token was not accepted and how to get one that is.
/// It names what this API expects (audience, issuer) and what the token claimed, never the token itself.
/// </summary>
internal static class UnauthorizedDetail
{
    public static string For(AuthenticateResult? result, TokenValidationParameters expected)
    {
        var failure = result?.Failure is AggregateException { InnerExceptions.Count: > 0 } many ? many.InnerExceptions[0] : result?.Failure;
        return failure switch
        {
            null => "The request carries no bearer access token: send 'Authorization: Bearer <token>' with a token from the client-credentials flow.",
            SecurityTokenExpiredException expired =>
                $"The access token expired at {Instant(expired.Expires)}: request a new one.",
            SecurityTokenNotYetValidException early =>
                $"The access token is not valid before {Instant(early.NotBefore)}: check the issuing clock, or wait.",
            SecurityTokenNoExpirationException =>
                "The access token has no expiry ('exp'): request one from the token endpoint.",
            SecurityTokenInvalidAudienceException audience =>
                $"The access token's audience{Claimed(audience.InvalidAudience)} is not this API: request a token for {Expected(expected.ValidAudiences, expected.ValidAudience)}.",
            SecurityTokenInvalidIssuerException issuer =>
                $"The access token's issuer{Claimed(issuer.InvalidIssuer)} is not trusted here: request a token from {Expected(expected.ValidIssuers, expected.ValidIssuer)}.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
                "The access token's signature does not verify with any of this API's signing keys: request a token from this API's authority.",
            SecurityTokenMalformedException or ArgumentException =>
                "The bearer token is not a well-formed JWT: send the access token exactly as the token endpoint issued it.",
            _ => "The access token is not valid: request a new one from this API's authority.",
        };
    }

    private static string Instant(DateTime value) =>
        new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Claimed(string? value) => string.IsNullOrEmpty(value) ? "" : $" '{value}'";

    private static string Expected(IEnumerable<string>? many, string? one)
    {
        var names = (many ?? []).Append(one).Where(name => !string.IsNullOrEmpty(name)).Distinct(StringComparer.Ordinal).Select(name => $"'{name}'").ToArray();
        return names.Length == 0 ? "this API" : string.Join(" or ", names);
    }
}
