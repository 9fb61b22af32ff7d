namespace Alvys.Customers.Domain.Customers;

/// <summary>The unique values of a customer, named as partners see them in a 409.</summary>
public enum UniqueField
{
    CompanyNumber,
    ExternalId,
    NameAndBillingZip,
}

/// <summary>What the store answered to a write.</summary>
public abstract record WriteOutcome
{
    private WriteOutcome()
    {
    }

    /// <summary>Stored; <paramref name="ETag"/> names the new version.</summary>
    public sealed record Written(string ETag) : WriteOutcome;

    /// <summary>Another customer of the tenant already holds the value of <paramref name="Field"/>.</summary>
    public sealed record Duplicate(UniqueField Field, string ExistingCustomerId) : WriteOutcome;

    /// <summary>The customer changed since the version the write was based on.</summary>
    public sealed record StaleVersion : WriteOutcome;

    /// <summary>The customer does not exist (any more) in the tenant.</summary>
    public sealed record Missing : WriteOutcome;
}
