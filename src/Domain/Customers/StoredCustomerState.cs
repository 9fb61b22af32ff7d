namespace Alvys.Customers.Domain.Customers;

/// <summary>Everything persistence keeps of a customer, handed back to <see cref="Customer.Rehydrate"/>.</summary>
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
    string? CreateFingerprint = null);
