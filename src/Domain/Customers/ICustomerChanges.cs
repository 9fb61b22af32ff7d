namespace Alvys.Customers.Domain.Customers;

/// <summary>Where a read of a tenant's changes starts.</summary>
public abstract record ChangesStart
{
    private ChangesStart()
    {
    }

    /// <summary>The beginning of the tenant's history: every customer, each in its latest version.</summary>
    public sealed record Beginning : ChangesStart;

    /// <summary>The present: nothing yet, and a cursor from which later writes are read.</summary>
    public sealed record Now : ChangesStart;

    /// <summary>Where an earlier read ended: <paramref name="Cursor"/> is what that read answered.</summary>
    public sealed record After(string Cursor) : ChangesStart;
}

/// <summary>
/// One page of a tenant's changes, oldest first, each customer once in its latest version; <paramref name="Cursor"/>
/// continues after it; <paramref name="HasMore"/> is false when the page reached the end of the feed.
/// </summary>
public sealed record CustomerChanges(IReadOnlyList<VersionedCustomer> Items, string Cursor, bool HasMore);

/// <summary>The change feed of one tenant's customers. A cursor opens only the partition of the tenant it was issued to.</summary>
public interface ICustomerChanges
{
    /// <summary>One page of at most <paramref name="pageSize"/> changes; a cursor that is not a valid one of this tenant is <see cref="CustomerFailure.InvalidCursor"/>.</summary>
    Task<Outcome<CustomerChanges>> ReadAsync(TenantId tenantId, ChangesStart start, int pageSize, CancellationToken cancellationToken);
}
