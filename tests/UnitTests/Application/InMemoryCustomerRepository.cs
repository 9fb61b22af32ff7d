using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>
/// A fake store for handler unit tests, with the store's contract — unique values per tenant, conditional
/// replace, search in one stable order — and a record of which calls reached it.
/// </summary>
internal sealed class InMemoryCustomerRepository : ICustomerRepository, ICustomerSearch, ICustomerChanges
{
    private readonly Dictionary<(TenantId, CustomerId), (Customer Customer, string ETag)> _stored = [];

    private readonly Dictionary<(TenantId, CustomerId), int> _written = [];
    private int _writes;

    public List<string> Calls { get; } = [];

    /// <summary>Runs at the start of every replace: lets a test slip a competing write in first.</summary>
    public Action<Customer>? BeforeReplace { get; set; }

    public VersionedCustomer Store(Customer customer)
    {
        var etag = NewETag();
        _stored[(customer.TenantId, customer.Id)] = (customer, etag);
        _written[(customer.TenantId, customer.Id)] = ++_writes;
        return new VersionedCustomer(customer, etag);
    }

    public Task<VersionedCustomer?> FindByIdAsync(TenantId tenantId, CustomerId id, CancellationToken cancellationToken)
    {
        Calls.Add($"id:{tenantId}:{id}");
        // Hand out a copy, as a database would: the caller's changes are not stored until written.
        return Task.FromResult(_stored.TryGetValue((tenantId, id), out var s) ? new VersionedCustomer(Copy(s.Customer), s.ETag) : null);
    }

    public Task<VersionedCustomer?> FindByCompanyNumberAsync(TenantId tenantId, string normalizedCompanyNumber, CustomerProjection? projection, CancellationToken cancellationToken)
    {
        Calls.Add($"companyNumber:{tenantId}:{normalizedCompanyNumber}");
        var match = _stored.Values.FirstOrDefault(s => s.Customer.TenantId == tenantId && s.Customer.UniquenessKeys.CompanyNumber == normalizedCompanyNumber);
        return Task.FromResult(match.Customer is null ? null : new VersionedCustomer(Copy(match.Customer), match.ETag));
    }

    public Task<VersionedCustomer?> FindByExternalIdAsync(TenantId tenantId, string normalizedExternalId, CustomerProjection? projection, CancellationToken cancellationToken)
    {
        Calls.Add($"externalId:{tenantId}:{normalizedExternalId}");
        var match = _stored.Values.FirstOrDefault(s => s.Customer.TenantId == tenantId && s.Customer.UniquenessKeys.ExternalId == normalizedExternalId);
        return Task.FromResult(match.Customer is null ? null : new VersionedCustomer(Copy(match.Customer), match.ETag));
    }

    public Task<IReadOnlyDictionary<string, VersionedCustomer>> FindManyAsync(TenantId tenantId, CustomerKey key, IReadOnlyList<string> values, CustomerProjection? projection, CancellationToken cancellationToken)
    {
        Calls.Add(key == CustomerKey.ExternalId ? $"externalIds:{tenantId}:{values.Count}" : $"{key}s:{tenantId}:{values.Count}");
        string? ValueOf(Customer customer) => key switch
        {
            CustomerKey.Id => customer.Id.Value,
            CustomerKey.CompanyNumber => customer.UniquenessKeys.CompanyNumber,
            _ => customer.UniquenessKeys.ExternalId,
        };
        IReadOnlyDictionary<string, VersionedCustomer> found = _stored.Values
            .Where(s => s.Customer.TenantId == tenantId && ValueOf(s.Customer) is { } value && values.Contains(value))
            .ToDictionary(s => ValueOf(s.Customer)!, s => new VersionedCustomer(Copy(s.Customer), s.ETag));
        return Task.FromResult(found);
    }

    /// <summary>Every stored customer of the tenant after the cursor (a write count), in the order of their last write.</summary>
    public Task<Outcome<CustomerChanges>> ReadAsync(TenantId tenantId, ChangesStart start, int pageSize, CancellationToken cancellationToken)
    {
        Calls.Add($"changes:{tenantId}");
        var after = 0;
        if (start is ChangesStart.After cursor && !int.TryParse(cursor.Cursor, out after))
        {
            return Task.FromResult<Outcome<CustomerChanges>>(new CustomerFailure.InvalidCursor());
        }

        after = start is ChangesStart.Now ? _writes : after;
        var changed = _written.Where(w => w.Value > after && w.Key.Item1 == tenantId).OrderBy(w => w.Value).Take(pageSize).ToArray();
        var items = changed.Select(w => new VersionedCustomer(Copy(_stored[w.Key].Customer), _stored[w.Key].ETag)).ToArray();
        var position = changed.Length == 0 ? after : changed[^1].Value;
        return Task.FromResult<Outcome<CustomerChanges>>(new CustomerChanges(items, position.ToString(System.Globalization.CultureInfo.InvariantCulture), items.Length >= pageSize));
    }

    public Task<Outcome<string>> AddAsync(Customer customer, CancellationToken cancellationToken)
    {
        Calls.Add($"add:{customer.TenantId}:{customer.Id}");
        return Task.FromResult(Duplicate(customer) is { } duplicate ? duplicate : (Outcome<string>)Store(customer).ETag);
    }

    public async Task<Outcome<AddedOnce>> AddOnceAsync(Customer customer, CancellationToken cancellationToken)
    {
        if (_stored.TryGetValue((customer.TenantId, customer.Id), out var existing))
        {
            Calls.Add($"add-once-found:{customer.TenantId}:{customer.Id}");
            return new AddedOnce(new VersionedCustomer(Copy(existing.Customer), existing.ETag), Created: false);
        }

        var added = await AddAsync(customer, cancellationToken);
        return added.Map(etag => new AddedOnce(new VersionedCustomer(customer, etag), Created: true));
    }

    public Task<Outcome<string>> ReplaceAsync(Customer customer, string expectedETag, CancellationToken cancellationToken)
    {
        Calls.Add($"replace:{customer.TenantId}:{customer.Id}");
        BeforeReplace?.Invoke(customer);
        if (!_stored.TryGetValue((customer.TenantId, customer.Id), out var current))
        {
            return Task.FromResult<Outcome<string>>(new CustomerFailure.NotFound());
        }

        if (current.ETag != expectedETag)
        {
            return Task.FromResult<Outcome<string>>(new CustomerFailure.VersionStale());
        }

        return Task.FromResult(Duplicate(customer) is { } duplicate ? duplicate : (Outcome<string>)Store(customer).ETag);
    }

    public Task<IReadOnlyList<VersionedCustomer>> FindPageAsync(CustomerSearchFilter filter, int skip, int take, CustomerProjection? projection, CancellationToken cancellationToken)
    {
        Calls.Add($"search:{filter.TenantId}:{skip}:{take}");
        return Task.FromResult<IReadOnlyList<VersionedCustomer>>(Matching(filter).Skip(skip).Take(take)
            .Select(c => new VersionedCustomer(Copy(c), _stored[(c.TenantId, c.Id)].ETag)).ToArray());
    }

    public Task<int> CountAsync(CustomerSearchFilter filter, CancellationToken cancellationToken)
    {
        Calls.Add($"count:{filter.TenantId}");
        return Task.FromResult(Matching(filter).Count());
    }

    private IEnumerable<Customer> Matching(CustomerSearchFilter filter)
    {
        var matching = _stored.Values.Select(s => s.Customer)
            .Where(c => c.TenantId == filter.TenantId && filter.Statuses.Contains(c.Status)
                && (filter.CreatedFrom is null || c.DateCreated >= filter.CreatedFrom)
                && (filter.CreatedTo is null || c.DateCreated <= filter.CreatedTo)
                && (filter.ModifiedFrom is null || c.DateModified >= filter.ModifiedFrom)
                && (filter.ModifiedTo is null || c.DateModified <= filter.ModifiedTo)
                && (filter.CompanyNumberPrefix is null || (c.UniquenessKeys.CompanyNumber?.StartsWith(filter.CompanyNumberPrefix, StringComparison.Ordinal) ?? false))
                && (filter.NamePrefix is null || c.Name.Value.ToUpperInvariant().StartsWith(filter.NamePrefix, StringComparison.Ordinal)));
        Func<Customer, string> key = filter.Sort.Field switch
        {
            CustomerSortField.DateModified => c => c.DateModified.UtcDateTime.ToString("O"),
            CustomerSortField.Name => c => c.Name.Value,
            _ => c => c.DateCreated.UtcDateTime.ToString("O"),
        };
        return filter.Sort.Descending
            ? matching.OrderByDescending(key, StringComparer.Ordinal).ThenByDescending(c => c.Id.Value, StringComparer.Ordinal)
            : matching.OrderBy(key, StringComparer.Ordinal).ThenBy(c => c.Id.Value, StringComparer.Ordinal);
    }

    private CustomerFailure.Duplicate? Duplicate(Customer customer)
    {
        var keys = customer.UniquenessKeys;
        foreach (var (other, _) in _stored.Values.Where(s => s.Customer.TenantId == customer.TenantId && s.Customer.Id != customer.Id))
        {
            var theirs = other.UniquenessKeys;
            if (keys.CompanyNumber is not null && keys.CompanyNumber == theirs.CompanyNumber)
            {
                return new CustomerFailure.Duplicate(UniqueField.CompanyNumber, other.Id.Value);
            }

            if (keys.ExternalId is not null && keys.ExternalId == theirs.ExternalId)
            {
                return new CustomerFailure.Duplicate(UniqueField.ExternalId, other.Id.Value);
            }

            if (keys.NameAndBillingZip is not null && keys.NameAndBillingZip == theirs.NameAndBillingZip)
            {
                return new CustomerFailure.Duplicate(UniqueField.NameAndBillingZip, other.Id.Value);
            }
        }

        return null;
    }

    private static Customer Copy(Customer c) => Customer.Rehydrate(new StoredCustomerState(
        c.Id, c.TenantId, c.Writable, c.DateCreated, c.DateModified, c.SalesAgentId, c.InvoicingInformation, c.Contacts.ToArray(), c.Notes.ToArray(),
        c.CreateFingerprint));

    private static string NewETag() => $"\"{Guid.NewGuid()}\"";
}
