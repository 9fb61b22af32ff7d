using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.UnitTests.Domain;

/// <summary>Every write of a customer records one event on it, by revision, with the previous values of what it changed.</summary>
public sealed class CustomerEventTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 12, 30, 45, TimeSpan.Zero);

    private static Customer Create() =>
        Customer.Create(Tenant, new CustomerPatch { Name = "Acme Logistics", Type = CustomerType.Customer, Fax = "555-0100" }, Now).Value;

    [Fact]
    public void Create_IsRevision1_AndRecordsCreated()
    {
        var customer = Create();

        Assert.Equal(1, customer.Revision);
        var created = Assert.Single(customer.RecordedEvents);
        Assert.Equal(new CustomerEventType[] { CustomerEventType.Created }, customer.RecordedEvents.Select(e => e.Type));
        Assert.Equal((1L, Now), (created.Revision, created.OccurredAt));
        Assert.Empty(created.Changed);
        Assert.Null(created.Previous);
    }

    [Fact]
    public void AnUpdate_RecordsTheFieldsItChanged_WithTheirPreviousValues()
    {
        var customer = Create();

        Assert.True(customer.Apply(new CustomerPatch { Name = "Acme Freight", Fax = Optional<string>.Null, Email = new[] { "ops@acme.example" } }, Now.AddMinutes(1)).Value);

        Assert.Equal(2, customer.Revision);
        var updated = customer.RecordedEvents[^1];
        Assert.Equal((2L, CustomerEventType.Updated, Now.AddMinutes(1)), (updated.Revision, updated.Type, updated.OccurredAt));
        Assert.Equal([WritableField.Name, WritableField.Email, WritableField.Fax], updated.Changed);
        Assert.Equal("Acme Logistics", updated.Previous!.Name.Value);
        Assert.Equal("555-0100", updated.Previous.Fax!.Value);
        Assert.Empty(updated.Previous.Emails);
    }

    [Fact]
    public void ANoOpUpdate_OrAFailedOne_RecordsNothing()
    {
        var customer = Create();

        Assert.False(customer.Apply(new CustomerPatch { Name = "Acme Logistics" }, Now.AddMinutes(1)).Value);
        Assert.False(customer.Apply(new CustomerPatch { Name = "" }, Now.AddMinutes(2)).IsSuccess);
        Assert.False(customer.SoftDelete(Now.AddMinutes(3)) && customer.SoftDelete(Now.AddMinutes(4)));

        // Only the first soft delete wrote.
        Assert.Equal(2, customer.Revision);
        Assert.Equal([CustomerEventType.Created, CustomerEventType.Deleted], customer.RecordedEvents.Select(e => e.Type));
    }

    [Fact]
    public void ADeleteThenARestore_AreTwoEvents_EachWithThePreviousStatus()
    {
        var customer = Create();

        Assert.True(customer.SoftDelete(Now.AddMinutes(1)));
        Assert.True(customer.Apply(new CustomerPatch { Status = CustomerStatus.Active }, Now.AddMinutes(2)).Value);
        Assert.True(customer.Apply(new CustomerPatch { Status = CustomerStatus.Inactive, Fax = "555-0199" }, Now.AddMinutes(3)).Value);

        var events = customer.RecordedEvents;
        Assert.Equal([CustomerEventType.Created, CustomerEventType.Deleted, CustomerEventType.Restored, CustomerEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4], events.Select(e => e.Revision));
        Assert.Equal([WritableField.Status], events[1].Changed);
        Assert.Equal(CustomerStatus.Active, events[1].Previous!.Status);
        Assert.Equal(CustomerStatus.Inactive, events[2].Previous!.Status);
        // A patch that deletes and changes another field is a delete that names both.
        Assert.Equal([WritableField.Status, WritableField.Fax], events[3].Changed);
    }

    [Fact]
    public void PastTheBound_TheOldestDropOff_AndRevisionsKeepCounting()
    {
        var customer = Create();
        for (var i = 0; i < 30; i++)
        {
            Assert.True(customer.Apply(new CustomerPatch { Fax = $"555-{i:0000}" }, Now.AddSeconds(i + 1)).Value);
        }

        Assert.Equal(31, customer.Revision);
        Assert.Equal(CustomerEvent.MaxRecorded, customer.RecordedEvents.Count);
        Assert.Equal(Enumerable.Range(31 - CustomerEvent.MaxRecorded + 1, CustomerEvent.MaxRecorded).Select(r => (long)r), customer.RecordedEvents.Select(e => e.Revision));
        Assert.Equal("555-0028", customer.RecordedEvents[^1].Previous!.Fax!.Value);
    }

    [Fact]
    public void ACustomerStoredBeforeRevisions_IsRevision1_AndItsNextWriteIs2()
    {
        var stored = Create();
        var state = new StoredCustomerState(
            stored.Id, Tenant, stored.Writable, stored.DateCreated, stored.DateModified, null, null, [], []);

        var customer = Customer.Rehydrate(state);
        Assert.True(customer.SoftDelete(Now.AddMinutes(1)));

        Assert.Equal(2, customer.Revision);
        var deleted = Assert.Single(customer.RecordedEvents);
        Assert.Equal((2L, CustomerEventType.Deleted), (deleted.Revision, deleted.Type));
    }
}
