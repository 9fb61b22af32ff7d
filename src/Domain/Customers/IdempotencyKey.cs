using System.Security.Cryptography;
using System.Text;
using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// A partner's <c>Idempotency-Key</c> for a create (IETF draft "The Idempotency-Key HTTP Header Field"): 1…255
/// visible ASCII characters, scoped to the tenant. The customer a keyed create makes takes an id derived from the
/// tenant and the key, so the database itself lets one create per key through.
/// </summary>
public sealed record IdempotencyKey
{
    public const int MaxLength = 255;

    private IdempotencyKey(string value) => Value = value;

    public string Value { get; }

    public static Result<IdempotencyKey> Create(string? candidate) =>
        candidate is { Length: > 0 and <= MaxLength } && candidate.All(c => c is > ' ' and <= '~')
            ? new IdempotencyKey(candidate)
            : Result.Invalid(CustomerErrors.Field("Idempotency-Key", $"Idempotency-Key must be 1 to {MaxLength} visible ASCII characters."));

    /// <summary>The id of the customer a create with this key makes in <paramref name="tenantId"/>: the same for every retry.</summary>
    public CustomerId CustomerIdIn(TenantId tenantId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"alvys-customers/idempotency/{tenantId.Value.Length}:{tenantId.Value}/{Value}"));
        return CustomerId.TryParse(Convert.ToHexStringLower(hash)[..CustomerId.Length], out var id)
            ? id
            : throw new InvalidOperationException("A SHA-256 digest always gives 32 hex digits.");
    }
}
