using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Application.Customers;

// The read surface partners already integrate against: property names and order are the contract.

public sealed record AddressResponse(string? Street, string? City, string? State, string? ZipCode)
{
    public static AddressResponse? From(Address? address) =>
        address is null ? null : new(address.Street, address.City, address.State, address.ZipCode);
}

public sealed record InvoicingInformationResponse(
    AddressResponse? Address,
    IReadOnlyList<string> EmailAddresses,
    string? InvoicingName,
    string? InvoicingNameAlias)
{
    public static InvoicingInformationResponse? From(InvoicingInformation? invoicing) =>
        invoicing is null
            ? null
            : new(AddressResponse.From(invoicing.Address), invoicing.EmailAddresses, invoicing.InvoicingName, invoicing.InvoicingNameAlias);
}

public sealed record ContactResponse(string? Name, string? Title, string? Email, string? Phone);

public sealed record NoteResponse(string Id, string? Description, string? NoteType, DateTimeOffset? Time, string? User);

public sealed record CustomerResponse(
    string Id,
    string Name,
    string? CompanyNumber,
    CustomerType Type,
    CustomerStatus Status,
    AddressResponse? BillingAddress,
    IReadOnlyList<string> Email,
    IReadOnlyList<string> Phone,
    string? Fax,
    DateTimeOffset DateCreated,
    InvoicingInformationResponse? InvoicingInformation,
    IReadOnlyList<string> ExternalIds,
    IReadOnlyList<ContactResponse> Contacts,
    IReadOnlyList<NoteResponse> Notes,
    string ETag,
    DateTimeOffset DateModified)
{
    /// <summary>
    /// A stored version as every read answers it (GET, search items, changes items): the seed's shape plus the version's
    /// <c>ETag</c> (the same string as the ETag header) and <c>DateModified</c>, so that a partner knows which version it read.
    /// </summary>
    public static CustomerResponse From(VersionedCustomer stored) => From(stored.Customer, stored.ETag);

    /// <summary>The stored version, answered with the members <paramref name="fields"/> names (every member when null).</summary>
    public static CustomerResponse From(VersionedCustomer stored, FieldSelection? fields) =>
        fields is null ? From(stored) : From(stored) with { Selection = fields };

    /// <summary>The members this answer carries; null for all of them. Not itself a member: internal, so no serializer sees it.</summary>
    internal FieldSelection? Selection { get; init; }

    /// <summary>Whether this answer carries <paramref name="member"/> (a name of <see cref="FieldSelection.Names"/>).</summary>
    public bool Carries(string member) => Selection?.Members.Contains(member) ?? true;

    private static CustomerResponse From(Customer customer, string etag) => new(
        customer.Id.Value,
        customer.Name.Value,
        customer.CompanyNumber?.Value,
        customer.Type,
        customer.Status,
        AddressResponse.From(customer.BillingAddress),
        customer.Emails.Select(e => e.Value).ToArray(),
        customer.Phones.Select(p => p.Value).ToArray(),
        customer.Fax?.Value,
        customer.DateCreated,
        InvoicingInformationResponse.From(customer.InvoicingInformation),
        customer.ExternalId is null ? [] : [customer.ExternalId.Value],
        customer.Contacts.Select(c => new ContactResponse(c.Name, c.Title, c.Email, c.Phone)).ToArray(),
        customer.Notes.Select(n => new NoteResponse(n.Id, n.Description, n.NoteType, n.Time, n.User)).ToArray(),
        etag,
        customer.DateModified);
}

/// <summary>A customer as read, with the entity tag of that version (sent as the ETag header too).</summary>
public sealed record CustomerRead(CustomerResponse Customer, string ETag)
{
    public static CustomerRead From(VersionedCustomer stored, FieldSelection? fields = null) => new(CustomerResponse.From(stored, fields), stored.ETag);
}

/// <summary>The body of a successful POST or PATCH: the written customer and its new ETag.</summary>
public sealed record CustomerWriteResponse(
    string Id,
    string ETag,
    string Name,
    string? CompanyNumber,
    CustomerType Type,
    CustomerStatus Status,
    AddressResponse? BillingAddress,
    IReadOnlyList<string> Email,
    IReadOnlyList<string> Phone,
    string? Fax,
    DateTimeOffset DateCreated,
    DateTimeOffset DateModified,
    InvoicingInformationResponse? InvoicingInformation,
    string? ExternalId)
{
    public static CustomerWriteResponse From(Customer customer, string etag) => new(
        customer.Id.Value,
        etag,
        customer.Name.Value,
        customer.CompanyNumber?.Value,
        customer.Type,
        customer.Status,
        AddressResponse.From(customer.BillingAddress),
        customer.Emails.Select(e => e.Value).ToArray(),
        customer.Phones.Select(p => p.Value).ToArray(),
        customer.Fax?.Value,
        customer.DateCreated,
        customer.DateModified,
        InvoicingInformationResponse.From(customer.InvoicingInformation),
        customer.ExternalId?.Value);
}
