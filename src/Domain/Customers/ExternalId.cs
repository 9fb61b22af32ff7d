using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>The id of this customer in the partner's own system (TMS, ERP, CRM); unique inside the tenant.</summary>
public sealed record ExternalId
{
    public const int MaxLength = 100;

    private ExternalId(string value) => Value = value;

    public string Value { get; }

    public string Normalized => Normalize(Value);

    /// <summary>The form uniqueness is decided on: trimmed, case-insensitive.</summary>
    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public static Result<ExternalId> Create(string candidate)
    {
        if (PartnerText.Clean(candidate) is not { } cleaned)
        {
            return Result.Invalid(CustomerErrors.Field("ExternalId", "ExternalId must not be blank; omit it or send null instead."));
        }

        return PartnerText.Problem(cleaned, "ExternalId", MaxLength) is { } problem ? Result.Invalid(problem) : new ExternalId(cleaned);
    }

    public static ExternalId Rehydrate(string stored) => new(stored);

    public override string ToString() => Value;
}
