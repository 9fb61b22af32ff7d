namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// Which customers of a tenant a search matches: any of <paramref name="Statuses"/>, created inside the
/// inclusive range when its bounds are given.
/// </summary>
public sealed record CustomerSearchFilter(
    TenantId TenantId,
    IReadOnlyCollection<CustomerStatus> Statuses,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo);

/// <summary>Search results come in one order only: oldest first, ties broken by id, so pages never shift.</summary>
public interface ICustomerSearch
{
    Task<IReadOnlyList<VersionedCustomer>> FindPageAsync(CustomerSearchFilter filter, int skip, int take, CancellationToken cancellationToken);

    Task<int> CountAsync(CustomerSearchFilter filter, CancellationToken cancellationToken);
}
