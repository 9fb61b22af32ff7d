using Alvys.Customers.Domain.Customers;
using Ardalis.Result;

namespace Alvys.Customers.Application.Customers;

/// <summary>A 409: another customer of the tenant holds one of this customer's unique values.</summary>
public interface IDuplicateCustomerOutcome
{
    UniqueField Field { get; }

    string ExistingCustomerId { get; }
}

/// <summary>A write's If-Match was missing (428) or named another version (412).</summary>
public interface IPreconditionOutcome
{
    bool IsMissing { get; }
}

public sealed class DuplicateCustomerResult<T> : Result<T>, IDuplicateCustomerOutcome
{
    public DuplicateCustomerResult(UniqueField field, string existingCustomerId)
        : base(ResultStatus.Conflict)
    {
        Field = field;
        ExistingCustomerId = existingCustomerId;
        Errors = [$"Another customer already has this {field}."];
    }

    public UniqueField Field { get; }

    public string ExistingCustomerId { get; }
}

/// <summary>The write's <c>If-Match</c> precondition was missing (428) or did not match the current version (412).</summary>
public sealed class PreconditionResult<T> : Result<T>, IPreconditionOutcome
{
    private PreconditionResult(bool required)
        : base(ResultStatus.Conflict)
    {
        IsMissing = required;
        Errors = [required ? "If-Match is required." : "If-Match does not match the current version."];
    }

    /// <summary>True: no If-Match was sent (428). False: it named another version (412).</summary>
    public bool IsMissing { get; }

    public static PreconditionResult<T> Missing() => new(true);

    public static PreconditionResult<T> Failed() => new(false);
}

internal static class WriteOutcomeResults
{
    /// <summary>The Result for a store answer other than <see cref="WriteOutcome.Written"/>.</summary>
    public static Result<T> ToFailure<T>(this WriteOutcome outcome) => outcome switch
    {
        WriteOutcome.Duplicate duplicate => new DuplicateCustomerResult<T>(duplicate.Field, duplicate.ExistingCustomerId),
        WriteOutcome.StaleVersion => PreconditionResult<T>.Failed(),
        WriteOutcome.Missing => Result<T>.NotFound(),
        _ => throw new InvalidOperationException($"{outcome} is not a failure."),
    };
}
