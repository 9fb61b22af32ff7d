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

        var trimmed = candidate.Trim();
        if (trimmed.Length == 0)
        {
            return Result.Invalid(CustomerErrors.Field("Name", "Name must not be blank."));
        }

        if (trimmed.Length > MaxLength)
        {
            return Result.Invalid(CustomerErrors.Field("Name", $"Name must be at most {MaxLength} characters."));
        }

        if (trimmed.Any(char.IsControl))
        {
            return Result.Invalid(CustomerErrors.Field("Name", "Name must not contain control characters."));
        }

        return new CustomerName(trimmed);
    }

    public static CustomerName Rehydrate(string stored) => new(stored);

    public override string ToString() => Value;
}
