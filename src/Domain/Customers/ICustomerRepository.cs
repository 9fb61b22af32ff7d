namespace Alvys.Customers.Domain.Customers;

/// <summary>A stored customer with the entity tag of the version that was read.</summary>
public sealed record VersionedCustomer(Customer Customer, string ETag);

/// <summary>What <see cref="ICustomerRepository.AddOnceAsync"/> found: the version stored now, and whether this call created it.</summary>
public sealed record AddedOnce(VersionedCustomer Stored, bool Created);

/// <summary>The customer store; every call is confined to one tenant's partition.</summary>
public interface ICustomerRepository
{
    Task<VersionedCustomer?> FindByIdAsync(TenantId tenantId, CustomerId id, CancellationToken cancellationToken);

    /// <summary>Looks a customer up by its CompanyNumber in normalised form (trimmed, case-insensitive).</summary>
    Task<VersionedCustomer?> FindByCompanyNumberAsync(TenantId tenantId, string normalizedCompanyNumber, CustomerProjection? projection, CancellationToken cancellationToken);

    /// <summary>Looks a customer up by its ExternalId in normalised form (trimmed, case-insensitive).</summary>
    Task<VersionedCustomer?> FindByExternalIdAsync(TenantId tenantId, string normalizedExternalId, CustomerProjection? projection, CancellationToken cancellationToken);

    /// <summary>
    /// The customers of the tenant holding these values of <paramref name="key"/> (ids as issued; CompanyNumbers and
    /// ExternalIds normalised), by that value, in one look-up; values no customer holds are left out.
    /// </summary>
    Task<IReadOnlyDictionary<string, VersionedCustomer>> FindManyAsync(
        TenantId tenantId, CustomerKey key, IReadOnlyList<string> values, CustomerProjection? projection, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new customer and answers the ETag of its first version. The store itself refuses a duplicate
    /// unique value, so of two racing creates exactly one succeeds and the other is a <see cref="CustomerFailure.Duplicate"/>.
    /// </summary>
    Task<Outcome<string>> AddAsync(Customer customer, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new customer whose id an Idempotency-Key gave it, once: when a customer with that id exists already,
    /// it is answered instead (<see cref="AddedOnce.Created"/> false) and nothing is written.
    /// </summary>
    Task<Outcome<AddedOnce>> AddOnceAsync(Customer customer, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a stored customer on condition that its current version is still <paramref name="expectedETag"/>,
    /// and answers the ETag of the new version; otherwise <see cref="CustomerFailure.VersionStale"/> (or
    /// <see cref="CustomerFailure.NotFound"/> when it is gone). Unique values are enforced as on <see cref="AddAsync"/>;
    /// a collision whose holder let go of the value before it could be named is <see cref="CustomerFailure.WriteContention"/>.
    /// </summary>
    Task<Outcome<string>> ReplaceAsync(Customer customer, string expectedETag, CancellationToken cancellationToken);
}

/// <summary>What identifies a customer inside its tenant: its id, or one of the unique values a partner gives it.</summary>
public enum CustomerKey
{
    Id,
    CompanyNumber,
    ExternalId,
}

/// <summary>
/// The members a read needs, by the names partners read a customer by (<c>Name</c>, <c>BillingAddress</c>,
/// <c>ExternalIds</c>, …), so that the store fetches only those. A customer read with a projection holds placeholders
/// in the members left out: it may answer with the members named and nothing else, so writes always read whole customers.
/// </summary>
public sealed record CustomerProjection(IReadOnlySet<string> Members);
