using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>The id of this customer in the partner's own system (TMS, ERP, CRM); unique inside the tenant.</summary>
public sealed record ExternalId
{
    public const int MaxLength = 100;

    private ExternalId(string value) => Value = value;

    public string Value { get; }

    public string Normalized => Value.Trim().ToUpperInvariant();

    public static Result<ExternalId> Create(string candidate)
    {
        var trimmed = candidate.Trim();
        if (trimmed.Length == 0)
        {
            return Result.Invalid(CustomerErrors.Field("ExternalId", "ExternalId must not be blank; omit it or send null instead."));
        }

        if (trimmed.Length > MaxLength)
        {
            return Result.Invalid(CustomerErrors.Field("ExternalId", $"ExternalId must be at most {MaxLength} characters."));
        }

        return new ExternalId(trimmed);
    }

    public static ExternalId Rehydrate(string stored) => new(stored);

    public override string ToString() => Value;
}
