namespace Alvys.Customers.Domain.Customers;

/// <summary>A stored customer with the entity tag of the version that was read.</summary>
public sealed record VersionedCustomer(Customer Customer, string ETag);

/// <summary>The customer store; every call is confined to one tenant's partition.</summary>
public interface ICustomerRepository
{
    Task<VersionedCustomer?> FindByIdAsync(TenantId tenantId, CustomerId id, CancellationToken cancellationToken);

    /// <summary>Looks a customer up by its CompanyNumber in normalised form (trimmed, case-insensitive).</summary>
    Task<VersionedCustomer?> FindByCompanyNumberAsync(TenantId tenantId, string normalizedCompanyNumber, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new customer. The store itself refuses a duplicate unique value, so of two racing creates
    /// exactly one is <see cref="WriteOutcome.Written"/> and the other <see cref="WriteOutcome.Duplicate"/>.
    /// </summary>
    Task<WriteOutcome> AddAsync(Customer customer, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a stored customer on condition that its current version is still <paramref name="expectedETag"/>;
    /// otherwise <see cref="WriteOutcome.StaleVersion"/>. Unique values are enforced as on <see cref="AddAsync"/>.
    /// </summary>
    Task<WriteOutcome> ReplaceAsync(Customer customer, string expectedETag, CancellationToken cancellationToken);
}
