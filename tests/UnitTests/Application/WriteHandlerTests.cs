using System.Text.Json;
using Alvys.Customers.Application;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Commands.CreateCustomer;
using Alvys.Customers.Application.Customers.Commands.DeleteCustomer;
using Alvys.Customers.Application.Customers.Commands.UpdateCustomer;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>Create, update and delete through the real dispatcher and pipeline, over a fake store.</summary>
public sealed class WriteHandlerTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");
    private readonly InMemoryCustomerRepository _store = new();
    private readonly ISender _sender;

    public WriteHandlerTests()
    {
        var services = new ServiceCollection().AddLogging().AddApplication();
        services.AddSingleton<ICustomerRepository>(_store);
        services.AddSingleton<ICustomerSearch>(_store);
        _sender = services.BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<ISender>();
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static IfMatch IfMatchOf(params string[] values) => IfMatch.Parse(values);

    private async Task<CustomerWritten> CreateAsync(string json)
    {
        var result = await _sender.Send(new CreateCustomer(Tenant, Json(json)));
        Assert.Equal(ResultStatus.Created, result.Status);
        return result.Value;
    }

    [Fact]
    public async Task Create_StoresTheCustomerAndAnswersItsETag()
    {
        var written = await CreateAsync("""{ "Name": "Acme", "Type": "Customer", "CompanyNumber": "ACME-1" }""");

        Assert.Equal(written.ETag, written.Customer.ETag);
        Assert.Equal("Active", written.Customer.Status);
        Assert.Single(_store.Calls, c => c.StartsWith("add:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_Invalid_NeverReachesTheStore()
    {
        var result = await _sender.Send(new CreateCustomer(Tenant, Json("""{ "Name": "", "Type": "Customer" }""")));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task Create_NotAnObject_IsInvalidOnBody()
    {
        var result = await _sender.Send(new CreateCustomer(Tenant, Json("[1, 2]")));

        Assert.Equal("body", Assert.Single(result.ValidationErrors).Identifier);
    }

    [Fact]
    public async Task Create_Duplicate_IsAConflictNamingFieldAndHolder()
    {
        var first = await CreateAsync("""{ "Name": "Acme", "Type": "Customer", "ExternalId": "crm-1" }""");

        var result = await _sender.Send(new CreateCustomer(Tenant, Json("""{ "Name": "Other", "Type": "Customer", "ExternalId": "CRM-1" }""")));

        var duplicate = Assert.IsAssignableFrom<IDuplicateCustomerOutcome>(result);
        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Equal(UniqueField.ExternalId, duplicate.Field);
        Assert.Equal(first.Customer.Id, duplicate.ExistingCustomerId);
    }

    [Fact]
    public async Task Update_WithoutIfMatch_IsPreconditionRequired_BeforeAnyRead()
    {
        var result = await _sender.Send(new UpdateCustomer(Tenant, "0123456789abcdef0123456789abcdef", Json("{}"), IfMatch.Missing));

        Assert.True(Assert.IsAssignableFrom<IPreconditionOutcome>(result).IsMissing);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task Update_WithAStaleETag_IsPreconditionFailed_AndWritesNothing()
    {
        var created = await CreateAsync("""{ "Name": "Acme", "Type": "Customer" }""");

        var result = await _sender.Send(new UpdateCustomer(Tenant, created.Customer.Id, Json("""{ "Fax": "1" }"""), IfMatchOf("\"old\"")));

        Assert.False(Assert.IsAssignableFrom<IPreconditionOutcome>(result).IsMissing);
        Assert.DoesNotContain(_store.Calls, c => c.StartsWith("replace:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Update_WhenAnotherWriteRacesInBetweenReadAndWrite_IsPreconditionFailed()
    {
        var created = await CreateAsync("""{ "Name": "Acme", "Type": "Customer" }""");
        // Another writer stores a new version after this update read the customer and before it writes.
        _store.BeforeReplace = customer => _store.Store(customer);

        var result = await _sender.Send(new UpdateCustomer(Tenant, created.Customer.Id, Json("""{ "Fax": "1" }"""), IfMatchOf("*")));

        Assert.False(Assert.IsAssignableFrom<IPreconditionOutcome>(result).IsMissing);
    }

    [Fact]
    public async Task Update_AppliesTheMergePatchAndAnswersTheNewETag()
    {
        var created = await CreateAsync("""{ "Name": "Acme", "Type": "Customer", "BillingAddress": { "City": "A", "Zip": "1" } }""");

        var result = await _sender.Send(new UpdateCustomer(Tenant, created.Customer.Id, Json("""{ "BillingAddress": { "City": "B" } }"""), IfMatchOf(created.ETag)));

        Assert.True(result.IsSuccess);
        Assert.NotEqual(created.ETag, result.Value.ETag);
        Assert.Equal(new AddressResponse(null, "B", null, "1"), result.Value.Customer.BillingAddress);
    }

    [Fact]
    public async Task Update_NameNull_IsInvalid()
    {
        var created = await CreateAsync("""{ "Name": "Acme", "Type": "Customer" }""");

        var result = await _sender.Send(new UpdateCustomer(Tenant, created.Customer.Id, Json("""{ "Name": null }"""), IfMatchOf(created.ETag)));

        Assert.Equal("Name", Assert.Single(result.ValidationErrors).Identifier);
    }

    [Fact]
    public async Task Update_UnknownId_IsNotFound()
    {
        var result = await _sender.Send(new UpdateCustomer(Tenant, "0123456789abcdef0123456789abcdef", Json("{}"), IfMatchOf("*")));

        Assert.Equal(ResultStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Delete_SoftDeletesOnce_ThenAnswersTheSameETagWithoutWriting()
    {
        var created = await CreateAsync("""{ "Name": "Acme", "Type": "Customer", "CompanyNumber": "ACME-1" }""");

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

        Assert.True(Assert.IsAssignableFrom<IPreconditionOutcome>(result).IsMissing);
    }

    private static CustomerId Parse(string id)
    {
        Assert.True(CustomerId.TryParse(id, out var parsed));
        return parsed;
    }
}
