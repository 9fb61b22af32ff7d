namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// The writable fields of a customer exactly as a partner sends them — unvalidated, untrimmed.
/// A create starts from these; an update merges a patch over <see cref="Customer.WritableFields"/>
/// and hands the result back to <see cref="Customer.Apply"/>. Everything else on a customer
/// (id, dates, contacts, notes, invoicing, sales agent) is out of a partner's reach by construction.
/// </summary>
public sealed record CustomerFields
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? CompanyNumber { get; init; }

    public string? Status { get; init; }

    public Address? BillingAddress { get; init; }

    public IReadOnlyList<string>? Email { get; init; }

    public IReadOnlyList<string>? Phone { get; init; }

    public string? Fax { get; init; }

    public string? ExternalId { get; init; }
}
