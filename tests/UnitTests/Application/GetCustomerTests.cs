using Alvys.Customers.Application;
using Alvys.Customers.Application.Customers.Queries.GetCustomer;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>The GetCustomer use case through the mediator and its pipeline, over a fake store.</summary>
public sealed class GetCustomerTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");
    private readonly InMemoryCustomerRepository _store = new();
    private readonly ISender _sender;

    public GetCustomerTests()
    {
        _sender = FakeStoreServices.Over(_store).BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<ISender>();
    }

    private VersionedCustomer Seed(TenantId tenant, string? companyNumber = null) =>
        _store.Store(Customer.Create(tenant, new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, CompanyNumber = companyNumber }, DateTimeOffset.UtcNow).Value);

    [Fact]
    public async Task ById_ReturnsTheReadShapeAndETag()
    {
        var stored = Seed(Tenant, "ACME-1");

        var result = await _sender.Send(GetCustomer.ById(Tenant, stored.Customer.Id.Value));

        Assert.True(result.IsSuccess);
        Assert.Equal(stored.ETag, result.Value.ETag);
        Assert.Equal(stored.Customer.Id.Value, result.Value.Customer.Id);
        Assert.Equal("Acme", result.Value.Customer.Name);
        Assert.Equal(CustomerStatus.Active, result.Value.Customer.Status);
        Assert.Equal("ACME-1", result.Value.Customer.CompanyNumber);
    }

    [Fact]
    public async Task ById_OfAnotherTenant_IsNotFound()
    {
        var stored = Seed(TenantId.From("tenant-b"));

        var result = await _sender.Send(GetCustomer.ById(Tenant, stored.Customer.Id.Value));

        Assert.IsType<CustomerFailure.NotFound>(result.Failure);
    }

    [Fact]
    public async Task ById_Malformed_IsNotFoundWithoutAskingTheStore()
    {
        var result = await _sender.Send(GetCustomer.ById(Tenant, "../not-an-id"));

        Assert.IsType<CustomerFailure.NotFound>(result.Failure);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task ByCompanyNumber_LooksUpTheNormalisedValue()
    {
        var stored = Seed(Tenant, "Acme-7");

        var result = await _sender.Send(new GetCustomer(Tenant, null, "  acme-7 "));

        Assert.True(result.IsSuccess);
        Assert.Equal(stored.Customer.Id.Value, result.Value.Customer.Id);
        Assert.Equal(["companyNumber:tenant-a:ACME-7"], _store.Calls);
    }

    [Theory]
    [InlineData("N/A")]
    [InlineData("000")]
    [InlineData("THIS-COMPANY-NUMBER-IS-LONGER-THAN-32")]
    public async Task ByCompanyNumber_ThatCannotBeStored_IsNotFoundWithoutAskingTheStore(string companyNumber)
    {
        var result = await _sender.Send(new GetCustomer(Tenant, null, companyNumber));

        Assert.IsType<CustomerFailure.NotFound>(result.Failure);
        Assert.Empty(_store.Calls);
    }

    [Theory]
    [InlineData(null, null, "query")]
    [InlineData("3a61454a41604c24adf061d8304e1177", "ACME-1", "query")]
    [InlineData(" ", null, "id")]
    [InlineData(null, "", "companyNumber")]
    public async Task NeitherOrBothOrBlank_IsInvalidWithoutAskingTheStore(string? id, string? companyNumber, string field)
    {
        var result = await _sender.Send(new GetCustomer(Tenant, id, companyNumber));

        Assert.Contains(Assert.IsType<CustomerFailure.Invalid>(result.Failure).Errors, e => e.Identifier == field);
        Assert.Empty(_store.Calls);
    }
}
