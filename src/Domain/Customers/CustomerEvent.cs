namespace Alvys.Customers.Domain.Customers;

/// <summary>What one write did to a customer, as a webhook reports it.</summary>
public enum CustomerEventType
{
    Created,
    Updated,
    /// <summary>Soft delete: Active → Inactive.</summary>
    Deleted,
    /// <summary>Inactive → Active.</summary>
    Restored,
}

/// <summary>The fields a partner writes, each by its own name.</summary>
public enum WritableField
{
    Name,
    Type,
    CompanyNumber,
    Status,
    BillingAddress,
    Email,
    Phone,
    Fax,
    ExternalId,
}

/// <summary>
/// One write of a customer, recorded on the customer in that same write. The change feed shows only a customer's
/// latest version, folding quick writes into one (a delete and a restore between two reads would vanish); the events a
/// version carries say every write that led to it, so each is delivered once, by its <paramref name="Revision"/>.
/// </summary>
/// <param name="Revision">The customer's revision after this write: 1 for its creation, one more for every write that changed it.</param>
/// <param name="Changed">The writable fields this write changed, in their order; empty for a creation.</param>
/// <param name="Previous">
/// The writable fields before this write, null for a creation. Only the <paramref name="Changed"/> ones are kept: the
/// others hold placeholders.
/// </param>
public sealed record CustomerEvent(
    long Revision, CustomerEventType Type, DateTimeOffset OccurredAt, IReadOnlyList<WritableField> Changed, WritableFields? Previous)
{
    /// <summary>
    /// How many of a customer's latest writes it carries. Past that the oldest drop off: a dispatcher that falls more than
    /// this many writes of one customer behind sees a gap in its revisions, and reports the customer's current state.
    /// </summary>
    public const int MaxRecorded = 20;

    /// <summary>
    /// The W3C trace context (<c>traceparent</c>) of the request that made this write, when one was recorded: opaque here. The
    /// span of each delivery of the event links to it, so that on-call finds the deliveries a partner's write led to.
    /// </summary>
    public string? WriteTrace { get; init; }
}
