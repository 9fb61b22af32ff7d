using Alvys.Customers.Application.Customers.Queries.LookupCustomers;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.UnitTests.Application;

public sealed class LookupCustomersTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");

    private static async Task<(ISender Sender, InMemoryCustomerRepository Store, Customer Stored)> BuildAsync()
    {
        var store = new InMemoryCustomerRepository();
        var customer = Customer.Create(Tenant, new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, CompanyNumber = "ACME-1", ExternalId = "crm-1" }, DateTimeOffset.UtcNow).Value;
        Assert.True((await store.AddAsync(customer, CancellationToken.None)).IsSuccess);
        store.Calls.Clear();
        return (FakeStoreServices.Over(store).BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<ISender>(), store, customer);
    }

    [Fact]
    public async Task EveryKey_IsAnsweredInRequestOrder_FromOneLookUpOfTheDistinctMatchableValues()
    {
        var (sender, store, stored) = await BuildAsync();

        var result = await sender.Send(new LookupCustomers(Tenant, new LookupRequest { ExternalIds = [" CRM-1 ", "crm-2", "crm-1", "   ", new string('x', 101)] }));

        Assert.Equal([" CRM-1 ", "crm-2", "crm-1", "   ", new string('x', 101)], result.Value.Items.Select(i => i.Key));
        Assert.Equal([200, 404, 200, 404, 404], result.Value.Items.Select(i => i.Status));
        Assert.Equal(stored.Id.Value, result.Value.Items[2].Customer!.Id);
        // crm-1 asked once; the blank one and the one over the limit never.
        Assert.Equal(["externalIds:tenant-a:2"], store.Calls);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    public async Task NotExactlyOneList_IsInvalid_AndNothingIsRead(bool ids, bool externalIds, bool companyNumbers)
    {
        var (sender, store, _) = await BuildAsync();

        var result = await sender.Send(new LookupCustomers(Tenant, new LookupRequest
        {
            Ids = ids ? ["a"] : null,
            ExternalIds = externalIds ? ["b"] : null,
            CompanyNumbers = companyNumbers ? ["c"] : null,
        }));

        Assert.IsType<CustomerFailure.Invalid>(result.Failure);
        Assert.Empty(store.Calls);
    }
}
