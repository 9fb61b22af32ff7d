using System.Text.Json.Serialization;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// How a customer is stored: one document per customer in the tenant's logical partition. Internal to
/// persistence; the aggregate never sees it and partners never see it.
/// </summary>
internal sealed class CustomerDocument
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("tenantId")] public required string TenantId { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("type")] public required string Type { get; init; }

    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("companyNumber")] public string? CompanyNumber { get; init; }

    [JsonPropertyName("externalId")] public string? ExternalId { get; init; }

    [JsonPropertyName("billingAddress")] public AddressDocument? BillingAddress { get; init; }

    [JsonPropertyName("email")] public string[]? Email { get; init; }

    [JsonPropertyName("phone")] public string[]? Phone { get; init; }

    [JsonPropertyName("fax")] public string? Fax { get; init; }

    /// <summary>UTC with a fixed seven-digit fraction, so that string order is time order in queries.</summary>
    [JsonPropertyName("dateCreated")] public required string DateCreated { get; init; }

    [JsonPropertyName("dateModified")] public required string DateModified { get; init; }

    [JsonPropertyName("salesAgentId")] public string? SalesAgentId { get; init; }

    [JsonPropertyName("invoicingInformation")] public InvoicingDocument? InvoicingInformation { get; init; }

    [JsonPropertyName("contacts")] public ContactDocument[]? Contacts { get; init; }

    [JsonPropertyName("notes")] public NoteDocument[]? Notes { get; init; }

    [JsonPropertyName("keys")] public required UniqueKeysDocument Keys { get; init; }

    /// <summary>For a customer a create with an Idempotency-Key made: that request's fingerprint, to tell a retry from a reuse.</summary>
    [JsonPropertyName("createFingerprint")] public string? CreateFingerprint { get; init; }

    /// <summary>Set by Cosmos on every write; never sent.</summary>
    [JsonPropertyName("_etag")] public string? ETag { get; init; }
}

/// <summary>
/// The values the container's unique key policy holds unique per tenant. Every member is always present:
/// a customer without, say, a CompanyNumber stores a filler unique to itself, because Cosmos treats
/// missing values as equal and would let only one customer of a tenant go without.
/// </summary>
internal sealed class UniqueKeysDocument
{
    [JsonPropertyName("companyNumber")] public required string CompanyNumber { get; init; }

    [JsonPropertyName("externalId")] public required string ExternalId { get; init; }

    [JsonPropertyName("nameZip")] public required string NameZip { get; init; }
}

internal sealed class AddressDocument
{
    [JsonPropertyName("street")] public string? Street { get; init; }

    [JsonPropertyName("city")] public string? City { get; init; }

    [JsonPropertyName("state")] public string? State { get; init; }

    [JsonPropertyName("zipCode")] public string? ZipCode { get; init; }
}

internal sealed class InvoicingDocument
{
    [JsonPropertyName("address")] public AddressDocument? Address { get; init; }

    [JsonPropertyName("emailAddresses")] public string[]? EmailAddresses { get; init; }

    [JsonPropertyName("invoicingName")] public string? InvoicingName { get; init; }

    [JsonPropertyName("invoicingNameAlias")] public string? InvoicingNameAlias { get; init; }
}

internal sealed class ContactDocument
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("title")] public string? Title { get; init; }

    [JsonPropertyName("email")] public string? Email { get; init; }

    [JsonPropertyName("phone")] public string? Phone { get; init; }
}

internal sealed class NoteDocument
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("description")] public string? Description { get; init; }

    [JsonPropertyName("noteType")] public string? NoteType { get; init; }

    [JsonPropertyName("time")] public DateTimeOffset? Time { get; init; }

    [JsonPropertyName("user")] public string? User { get; init; }
}

/// <summary>A page of query results as the Cosmos REST API returns it.</summary>
internal sealed class QueryPage<T>
{
    [JsonPropertyName("Documents")] public T[]? Documents { get; init; }
}
