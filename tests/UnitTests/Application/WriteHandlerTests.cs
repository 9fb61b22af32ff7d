using Alvys.Customers.Application;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Commands.CreateCustomer;
using Alvys.Customers.Application.Customers.Commands.DeleteCustomer;
using Alvys.Customers.Application.Customers.Commands.UpdateCustomer;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomer;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomers;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>Create, update and delete through the mediator and its pipeline, over a fake store.</summary>
public sealed class WriteHandlerTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");
    private readonly InMemoryCustomerRepository _store = new();
    private readonly ISender _sender;

    public WriteHandlerTests()
    {
        _sender = FakeStoreServices.Over(_store).BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<ISender>();
    }

    private static IfMatch IfMatchOf(string etag) => etag == "*" ? IfMatch.Any : IfMatch.OneOf([etag]);

    private static UpdateCustomer Update(string id, CustomerPatch patch, IfMatch ifMatch) => new(Tenant, id, patch, ifMatch);

    private async Task<CustomerWritten> CreateAsync(CustomerPatch fields)
    {
        var result = await _sender.Send(new CreateCustomer(Tenant, fields));
        Assert.True(result.IsSuccess, result.Name);
        return result.Value;
    }

    [Fact]
    public async Task UpsertCustomers_LooksEveryItemUpInOneCall_AndAnswersEachInRequestOrder()
    {
        var existing = await CreateAsync(new CustomerPatch { Name = "Known", Type = CustomerType.Customer, ExternalId = "crm-1" });
        _store.Calls.Clear();

        var result = await _sender.Send(new UpsertCustomers(Tenant, [
            new CustomerPatch { ExternalId = " CRM-1 ", Fax = "555" },
            new CustomerPatch { ExternalId = "crm-2", Name = "New", Type = CustomerType.Customer },
            new CustomerPatch { ExternalId = "crm-3", Name = " " },
        ], new UpsertPermissions(MayCreate: true, MayUpdate: true)));

        Assert.True(result.IsSuccess, result.Name);
        Assert.Equal(["CRM-1", "crm-2", "crm-3"], result.Value.Select(item => item.ExternalId));
        Assert.Equal(existing.Customer.Id, result.Value[0].Outcome.Value.Written.Customer.Id);
        Assert.False(result.Value[0].Outcome.Value.Created);
        Assert.True(result.Value[1].Outcome.Value.Created);
        Assert.IsType<CustomerFailure.Invalid>(result.Value[2].Outcome.Failure);
        Assert.Equal(["externalIds:tenant-a:3"], _store.Calls.Where(call => call.StartsWith("externalId", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task UpsertCustomers_OfNoneOrMoreThan100Items_IsRefusedWhole(int count)
    {
        var items = Enumerable.Range(0, count).Select(i => new CustomerPatch { ExternalId = $"crm-{i}" }).ToArray();

        var result = await _sender.Send(new UpsertCustomers(Tenant, items, new UpsertPermissions(MayCreate: true, MayUpdate: true)));

        Assert.Equal(["Items"], Assert.IsType<CustomerFailure.Invalid>(result.Failure).Errors.Select(e => e.Identifier));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task Create_StoresTheCustomerAndAnswersItsETag()
    {
        var written = await CreateAsync(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, CompanyNumber = "ACME-1" });

        Assert.Equal(written.ETag, written.Customer.ETag);
        Assert.Equal(CustomerStatus.Active, written.Customer.Status);
        Assert.Single(_store.Calls, c => c.StartsWith("add:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_Invalid_NeverReachesTheStore()
    {
        var result = await _sender.Send(new CreateCustomer(Tenant, new CustomerPatch { Name = "", Type = CustomerType.Customer }));

        Assert.IsType<CustomerFailure.Invalid>(result.Failure);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task Create_Duplicate_IsAConflictNamingFieldAndHolder()
    {
        var first = await CreateAsync(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, ExternalId = "crm-1" });

        var result = await _sender.Send(new CreateCustomer(Tenant, new CustomerPatch { Name = "Other", Type = CustomerType.Customer, ExternalId = "CRM-1" }));

        var duplicate = Assert.IsType<CustomerFailure.Duplicate>(result.Failure);
        Assert.Equal(UniqueField.ExternalId, duplicate.Field);
        Assert.Equal(first.Customer.Id, duplicate.ExistingCustomerId);
    }

    [Fact]
    public async Task Update_WithoutIfMatch_IsPreconditionRequired_BeforeAnyRead()
    {
        var result = await _sender.Send(Update("0123456789abcdef0123456789abcdef", new CustomerPatch(), IfMatch.Missing));

        Assert.IsType<CustomerFailure.VersionRequired>(result.Failure);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task Update_WithAStaleETag_IsPreconditionFailed_AndWritesNothing()
    {
        var created = await CreateAsync(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer });

        var result = await _sender.Send(Update(created.Customer.Id, FaxTo("1"), IfMatchOf("\"old\"")));

        Assert.IsType<CustomerFailure.VersionStale>(result.Failure);
        Assert.DoesNotContain(_store.Calls, c => c.StartsWith("replace:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_WhenAnotherWriteRacesInBetweenReadAndWrite_IsPreconditionFailed()
    {
        var created = await CreateAsync(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer });
        // Another writer stores a new version after this update read the customer and before it writes.
        _store.BeforeReplace = customer => _store.Store(customer);

        var result = await _sender.Send(Update(created.Customer.Id, FaxTo("1"), IfMatchOf("*")));

        Assert.IsType<CustomerFailure.VersionStale>(result.Failure);
    }

    [Fact]
    public async Task Update_AppliesTheMergePatchAndAnswersTheNewETag()
    {
        var created = await CreateAsync(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, BillingAddress = new AddressPatch { Street = null, City = "A", State = null, Zip = "1" } });
        var cityB = new CustomerPatch { BillingAddress = (new AddressPatch { City = ("B") }) };

        var result = await _sender.Send(Update(created.Customer.Id, cityB, IfMatchOf(created.ETag)));

        Assert.True(result.IsSuccess);
        Assert.NotEqual(created.ETag, result.Value.ETag);
        Assert.Equal(new AddressResponse(null, "B", null, "1"), result.Value.Customer.BillingAddress);
    }

    [Fact]
    public async Task Update_NameNull_IsInvalid()
    {
        var created = await CreateAsync(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer });

        var result = await _sender.Send(Update(created.Customer.Id, new CustomerPatch { Name = Optional<string>.Null }, IfMatchOf(created.ETag)));

        Assert.Equal("Name", Assert.Single(Assert.IsType<CustomerFailure.Invalid>(result.Failure).Errors).Identifier);
    }

    [Fact]
    public async Task Update_UnknownId_IsNotFound()
    {
        var result = await _sender.Send(Update("0123456789abcdef0123456789abcdef", new CustomerPatch(), IfMatchOf("*")));

        Assert.IsType<CustomerFailure.NotFound>(result.Failure);
    }

    [Fact]
    public async Task Delete_SoftDeletesOnce_ThenAnswersTheSameETagWithoutWriting()
    {
        var created = await CreateAsync(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer, CompanyNumber = "ACME-1" });

        var first = await _sender.Send(new DeleteCustomer(Tenant, created.Customer.Id, IfMatchOf(created.ETag)));
        var writesAfterFirst = _store.Calls.Count(c => c.StartsWith("replace:", StringComparison.Ordinal));
        var second = await _sender.Send(new DeleteCustomer(Tenant, created.Customer.Id, IfMatchOf("*")));

        Assert.True(first.IsSuccess);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(1, writesAfterFirst);
        Assert.Equal(1, _store.Calls.Count(c => c.StartsWith("replace:", StringComparison.Ordinal)));
        var stored = await _store.FindByIdAsync(Tenant, Parse(created.Customer.Id), CancellationToken.None);
        Assert.Equal(CustomerStatus.Inactive, stored!.Customer.Status);
        Assert.Equal("ACME-1", stored.Customer.CompanyNumber!.Value);
    }

    [Fact]
    public async Task Delete_WithoutIfMatch_IsPreconditionRequired()
    {
        var result = await _sender.Send(new DeleteCustomer(Tenant, "0123456789abcdef0123456789abcdef", IfMatch.Missing));

        Assert.IsType<CustomerFailure.VersionRequired>(result.Failure);
    }

    [Fact]
    public async Task Update_WithAPatchThatCouldNotBeRead_IsDecidedOnTheVersionFirst()
    {
        var created = await CreateAsync(new CustomerPatch { Name = "Acme", Type = CustomerType.Customer });
        Outcome<CustomerPatch> unreadable = new CustomerFailure.Invalid([CustomerErrors.Field("Fax", "Fax must be a string or null.")]);

        var stale = await _sender.Send(new UpdateCustomer(Tenant, created.Customer.Id, unreadable, IfMatchOf("\"old\"")));
        var current = await _sender.Send(new UpdateCustomer(Tenant, created.Customer.Id, unreadable, IfMatchOf(created.ETag)));

        Assert.IsType<CustomerFailure.VersionStale>(stale.Failure);
        Assert.Equal("Fax", Assert.Single(Assert.IsType<CustomerFailure.Invalid>(current.Failure).Errors).Identifier);
    }

    private static CustomerPatch FaxTo(string fax) => new() { Fax = (fax) };

    private static CustomerId Parse(string id)
    {
        Assert.True(CustomerId.TryParse(id, out var parsed));
        return parsed;
    }
}
