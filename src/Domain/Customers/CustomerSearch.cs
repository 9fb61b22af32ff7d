namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// Which customers of a tenant a search matches: any of <paramref name="Statuses"/>, created and last modified inside
/// the inclusive ranges whose bounds are given, with a CompanyNumber and a Name that start with the prefixes given
/// (in any letter case); in the order of <see cref="Sort"/>.
/// </summary>
public sealed record CustomerSearchFilter(
    TenantId TenantId,
    IReadOnlyCollection<CustomerStatus> Statuses,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo)
{
    public DateTimeOffset? ModifiedFrom { get; init; }

    public DateTimeOffset? ModifiedTo { get; init; }

    /// <summary>A CompanyNumber prefix in normalised form (<see cref="CompanyNumber.Normalize"/>).</summary>
    public string? CompanyNumberPrefix { get; init; }

    /// <summary>A Name prefix in <see cref="CustomerName.Normalize"/>d form: matched against each name in that form.</summary>
    public string? NamePrefix { get; init; }

    public CustomerSort Sort { get; init; } = CustomerSort.Default;
}

/// <summary>The member a search is ordered by, and the direction; the id always breaks ties, in the same direction.</summary>
public sealed record CustomerSort(CustomerSortField Field, bool Descending)
{
    public static readonly CustomerSort Default = new(CustomerSortField.DateCreated, Descending: false);
}

public enum CustomerSortField
{
    DateCreated,
    DateModified,
    Name,
}

/// <summary>Search results come in the filter's order, ties broken by id, so pages never shift.</summary>
public interface ICustomerSearch
{
    Task<IReadOnlyList<VersionedCustomer>> FindPageAsync(CustomerSearchFilter filter, int skip, int take, CustomerProjection? projection, CancellationToken cancellationToken);

    Task<int> CountAsync(CustomerSearchFilter filter, CancellationToken cancellationToken);
}
