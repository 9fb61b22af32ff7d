using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Application.Customers;

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
