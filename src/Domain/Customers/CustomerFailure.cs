using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// Every expected way an operation of the Public API (on a customer or a webhook) can fail, each stated once. Handlers and the store answer
/// with these; the Api turns each case into its HTTP status in one switch. Anything else is a bug and throws.
/// </summary>
public abstract record CustomerFailure
{
    private CustomerFailure()
    {
    }

    /// <summary>The case's name, as logs and metrics show it.</summary>
    public string Name => GetType().Name;

    /// <summary>No customer with that identity exists in the caller's tenant.</summary>
    public sealed record NotFound : CustomerFailure;

    /// <summary>The request or the customer it would produce breaks a rule; every broken rule is listed, keyed by field.</summary>
    public sealed record Invalid(IReadOnlyList<ValidationError> Errors) : CustomerFailure;

    /// <summary>Another customer of the tenant already holds the value of <paramref name="Field"/>.</summary>
    public sealed record Duplicate(UniqueField Field, string ExistingCustomerId) : CustomerFailure;

    /// <summary>A write came without the version it was based on (no <c>If-Match</c>).</summary>
    public sealed record VersionRequired : CustomerFailure;

    /// <summary>The customer changed since the version the write was based on.</summary>
    public sealed record VersionStale : CustomerFailure;

    /// <summary>An Idempotency-Key already made a customer from a different request.</summary>
    public sealed record IdempotencyKeyReused(string ExistingCustomerId) : CustomerFailure;

    /// <summary>A changes cursor that was altered, is not one of ours, or was issued to another tenant.</summary>
    public sealed record InvalidCursor : CustomerFailure;

    /// <summary>The caller may not do what the request came to: <paramref name="Write"/> names which write it would have been.</summary>
    public sealed record NotPermitted(CustomerWrite Write) : CustomerFailure;

    /// <summary>Other writes to the customer kept landing between this one's read and its write; it was applied to none.</summary>
    public sealed record WriteContention : CustomerFailure;

    /// <summary>The tenant already holds as many webhooks as it may (<c>Webhook.MaxPerTenant</c>).</summary>
    public sealed record WebhookLimitReached : CustomerFailure;
}

/// <summary>The two writes an upsert can turn out to be.</summary>
public enum CustomerWrite
{
    Create,
    Update,
}

/// <summary>The unique values of a customer, named as partners see them in a 409.</summary>
public enum UniqueField
{
    CompanyNumber,
    ExternalId,
    NameAndBillingZip,

    /// <summary>The customer's id: taken only when a create with an Idempotency-Key was made before.</summary>
    Id,
}

/// <summary>The validation failures a customer can report, keyed by the partner-facing field name.</summary>
public static class CustomerErrors
{
    public static ValidationError Field(string field, string message) =>
        new(field, message, errorCode: "Invalid" + field.Replace(".", string.Empty, StringComparison.Ordinal), ValidationSeverity.Error);
}
