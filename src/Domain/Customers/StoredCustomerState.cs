namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// Everything persistence keeps of a customer, handed back to <see cref="Customer.Rehydrate"/>. A <paramref name="Revision"/>
/// of 0 is a customer stored before revisions were counted: it is taken as revision 1.
/// </summary>
public sealed record StoredCustomerState(
    CustomerId Id,
    TenantId TenantId,
    WritableFields Writable,
    DateTimeOffset DateCreated,
    DateTimeOffset DateModified,
    string? SalesAgentId,
    InvoicingInformation? InvoicingInformation,
    IReadOnlyList<CustomerContact> Contacts,
    IReadOnlyList<CustomerNote> Notes,
    string? CreateFingerprint = null,
    long Revision = 0,
    IReadOnlyList<CustomerEvent>? Events = null);
