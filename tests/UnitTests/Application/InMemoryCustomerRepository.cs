using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>A fake store for handler unit tests: records which look-ups reached it.</summary>
internal sealed class InMemoryCustomerRepository : ICustomerRepository
{
    private readonly List<VersionedCustomer> _stored = [];

    public List<string> Calls { get; } = [];

    public VersionedCustomer Store(Customer customer)
    {
        var stored = new VersionedCustomer(customer, $"\"{Guid.NewGuid()}\"");
        _stored.Add(stored);
        return stored;
    }

    public Task<VersionedCustomer?> FindByIdAsync(TenantId tenantId, CustomerId id, CancellationToken cancellationToken)
    {
        Calls.Add($"id:{tenantId}:{id}");
        return Task.FromResult(_stored.FirstOrDefault(s => s.Customer.TenantId == tenantId && s.Customer.Id == id));
    }

    public Task<VersionedCustomer?> FindByCompanyNumberAsync(TenantId tenantId, string normalizedCompanyNumber, CancellationToken cancellationToken)
    {
        Calls.Add($"companyNumber:{tenantId}:{normalizedCompanyNumber}");
        return Task.FromResult(_stored.FirstOrDefault(s =>
            s.Customer.TenantId == tenantId && s.Customer.UniquenessKeys.CompanyNumber == normalizedCompanyNumber));
    }

    public Task<WriteOutcome> AddAsync(Customer customer, CancellationToken cancellationToken)
    {
        Calls.Add($"add:{customer.TenantId}:{customer.Id}");
        return Task.FromResult<WriteOutcome>(new WriteOutcome.Written(Store(customer).ETag));
    }
}
