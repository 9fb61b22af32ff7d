namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// The writable fields of a customer exactly as a partner sends them — unvalidated, untrimmed: the body of a
/// create, and the view of a stored customer a merge patch is applied to. Everything else on a customer (id,
/// dates, contacts, notes, invoicing, sales agent) is out of a partner's reach by construction.
/// </summary>
public sealed record CustomerFields
{
    /// <summary>No field given: what a create's patch is applied to.</summary>
    public static readonly CustomerFields None = new();

    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? CompanyNumber { get; init; }

    public string? Status { get; init; }

    public AddressFields? BillingAddress { get; init; }

    public IReadOnlyList<string>? Email { get; init; }

    public IReadOnlyList<string>? Phone { get; init; }

    public string? Fax { get; init; }

    public string? ExternalId { get; init; }
}
