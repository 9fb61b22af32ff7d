using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

public sealed record CustomerName
{
    public const int MaxLength = 200;

    private CustomerName(string value) => Value = value;

    public string Value { get; }

    public static Result<CustomerName> Create(string? candidate)
    {
        if (candidate is null)
        {
            return Result.Invalid(CustomerErrors.Field("Name", "Name is required."));
        }

        if (PartnerText.Clean(candidate) is not { } cleaned)
        {
            return Result.Invalid(CustomerErrors.Field("Name", "Name must not be blank or show nothing (only spaces, zero-width or combining characters)."));
        }

        return PartnerText.Problem(cleaned, "Name", MaxLength) is { } problem ? Result.Invalid(problem) : new CustomerName(cleaned);
    }

    public static CustomerName Rehydrate(string stored) => new(stored);

    /// <summary>
    /// The form names are compared in, by the Name+ZIP rule and by a search's namePrefix: trimmed, inner whitespace
    /// collapsed to one space, upper-cased.
    /// </summary>
    public static string Normalize(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    /// <summary>This name in <see cref="Normalize"/>d form.</summary>
    public string Normalized => Normalize(Value);

    public override string ToString() => Value;
}
