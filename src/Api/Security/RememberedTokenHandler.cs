using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.IdentityModel.Tokens;

namespace Alvys.Customers.Api.Security;

/// <summary>
/// Remembers bearer tokens that passed validation, for a short while. Partners send the same token with
/// every request until it expires; parsing it, checking its HMAC/RSA signature and building its claims again
/// each time was the largest cost the API added to a point read. A remembered token is answered from memory
/// until the earlier of <see cref="Lifetime"/> after its validation and its own expiry, so a signing key
/// removed from configuration stops working within <see cref="Lifetime"/>. Only the exact token text hits;
/// a token that failed validation is never remembered and is validated in full every time.
/// </summary>
public sealed class RememberedTokenHandler(TokenHandler inner, TimeSpan lifetime, TimeProvider time, int capacity = RememberedTokenHandler.DefaultCapacity)
    : TokenHandler
{
    public const int DefaultCapacity = 10_000;

    // The remembered tokens, looked up by their text as a span (TryRecall) or a string (ValidateTokenAsync).
    private readonly ConcurrentDictionary<string, Remembered>.AlternateLookup<ReadOnlySpan<char>> _byText =
        new ConcurrentDictionary<string, Remembered>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private ConcurrentDictionary<string, Remembered> Validated => _byText.Dictionary;

    public TokenHandler Inner => inner;

    public TimeSpan Lifetime => lifetime;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow();
        if (Validated.TryGetValue(token, out var remembered))
        {
            if (now < remembered.Until)
            {
                return remembered.Copy();
            }

            Validated.TryRemove(KeyValuePair.Create(token, remembered));
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, ClaimsIdentity: { } identity, SecurityToken: { } securityToken }
            && securityToken.ValidTo != DateTime.MinValue)
        {
            var until = Min(now + lifetime, new DateTimeOffset(DateTime.SpecifyKind(securityToken.ValidTo, DateTimeKind.Utc)));
            if (now < until)
            {
                MakeRoom(now);
                Validated[token] = new Remembered(identity.Clone(), securityToken, result.TokenType, result.Issuer, until);
            }
        }

        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    /// <summary>
    /// The result <see cref="ValidateTokenAsync"/> would give from memory — a copy of the identity — when this exact
    /// token text was validated within its remembered life; otherwise false, and the token must be validated.
    /// Takes the token where it lies in the request's header: no string of it is made to look it up.
    /// </summary>
    public bool TryRecall(ReadOnlySpan<char> token, [NotNullWhen(true)] out TokenValidationResult? result)
    {
        if (_byText.TryGetValue(token, out var remembered) && time.GetUtcNow() < remembered.Until)
        {
            result = remembered.Copy();
            return true;
        }

        result = null;
        return false;
    }

    /// <summary>Keeps memory bounded: drop what has expired and, if that is not enough, start over.</summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (Validated.Count < capacity)
        {
            return;
        }

        foreach (var (token, remembered) in Validated)
        {
            if (now >= remembered.Until)
            {
                Validated.TryRemove(KeyValuePair.Create(token, remembered));
            }
        }

        if (Validated.Count >= capacity)
        {
            Validated.Clear();
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// Each request gets its own copy of the identity: the authentication pipeline may add to a request's
    /// principal, and that must never show on another request's.
    /// </summary>
    private sealed record Remembered(System.Security.Claims.ClaimsIdentity Identity, SecurityToken SecurityToken, string? TokenType, string? Issuer, DateTimeOffset Until)
    {
        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            ClaimsIdentity = Identity.Clone(),
            SecurityToken = SecurityToken,
            TokenType = TokenType,
            Issuer = Issuer,
        };
    }
}
