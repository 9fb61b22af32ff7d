using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>A phone or fax number as the partner writes it (formats differ by country): trimmed, at most 50 characters.</summary>
public sealed record PhoneNumber
{
    public const int MaxLength = 50;

    private PhoneNumber(string value) => Value = value;

    public string Value { get; }

    /// <summary>An entry of a list of numbers: it must hold a number.</summary>
    /// <param name="field">The field it is reported against, e.g. <c>Phone[0]</c>.</param>
    public static Result<PhoneNumber> Create(string? candidate, string field)
    {
        if (PartnerText.Clean(candidate) is not { } cleaned)
        {
            return Result.Invalid(CustomerErrors.Field(field, $"{field} must be a phone number of at most {MaxLength} characters."));
        }

        return PartnerText.Problem(cleaned, field, MaxLength) is { } problem ? Result.Invalid(problem) : new PhoneNumber(cleaned);
    }

    /// <summary>A single optional number (the fax): blank means none.</summary>
    public static Result<PhoneNumber?> CreateOptional(string? candidate, string field)
    {
        if (PartnerText.Clean(candidate) is not { } cleaned)
        {
            return Result<PhoneNumber?>.Success(null);
        }

        return PartnerText.Problem(cleaned, field, MaxLength) is { } problem ? Result.Invalid(problem) : new PhoneNumber(cleaned);
    }

    public static PhoneNumber Rehydrate(string stored) => new(stored);

    public override string ToString() => Value;
}
