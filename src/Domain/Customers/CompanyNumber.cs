using System.Collections.Frozen;
using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// The partner's own number for a customer. Optional, but when present it is reserved inside the tenant for
/// good — a soft-deleted customer keeps it — so values that only stand in for "no number" are refused:
/// they would reserve nothing real and block the next partner who sends the same filler.
/// </summary>
public sealed record CompanyNumber
{
    public const int MaxLength = 32;

    private static readonly FrozenSet<string> Placeholders = new[]
    {
        "N/A", "NA", "NONE", "NULL", "NIL", "TBD", "TBA", "UNKNOWN", "PENDING", "PLACEHOLDER",
        "DUMMY", "TEST", "TEMP", "DEFAULT", "?",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private CompanyNumber(string value) => Value = value;

    public string Value { get; }

    /// <summary>The form uniqueness is decided on: trimmed, case-insensitive.</summary>
    public string Normalized => Normalize(Value);

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    public static Result<CompanyNumber> Create(string candidate)
    {
        var trimmed = PartnerText.Clean(candidate) ?? string.Empty;
        if (trimmed.Length > 0 && PartnerText.Problem(trimmed, "CompanyNumber", MaxLength) is { } problem)
        {
            return Result.Invalid(problem);
        }

        if (IsPlaceholder(trimmed))
        {
            return Result.Invalid(CustomerErrors.Field(
                "CompanyNumber",
                "CompanyNumber must be a real company number, not a placeholder such as blank, N/A, TBD or a repeated character; omit it instead."));
        }

        return new CompanyNumber(trimmed);
    }

    public static CompanyNumber Rehydrate(string stored) => new(stored);

    public static bool IsPlaceholder(string trimmed)
    {
        if (trimmed.Length == 0 || Placeholders.Contains(trimmed))
        {
            return true;
        }

        return trimmed.Length > 1 && trimmed.AsSpan().TrimStart(trimmed[0]).IsEmpty;
    }

    public override string ToString() => Value;
}
