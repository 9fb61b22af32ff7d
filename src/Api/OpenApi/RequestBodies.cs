using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Alvys.Customers.Api.OpenApi;

// The request bodies as the OpenAPI document describes them. The API reads these bodies itself
// (Http/CustomerPatchReader, Http/BatchUpsertReader) to tell an absent member from a null one; these types
// give that reading its schema. Every member is optional in the schema: a create's Name and Type are checked
// with the customer's other rules and answered as a 400 naming them.

/// <summary>A customer's billing address. <c>Zip</c> and <c>ZipCode</c> are synonyms: send one of them.</summary>
public sealed class AddressRequest
{
    public string? Street { get; init; }

    public string? City { get; init; }

    public string? State { get; init; }

    public string? Zip { get; init; }

    [Description("A synonym of Zip.")]
    public string? ZipCode { get; init; }
}

/// <summary>
/// The writable fields of a customer. A create needs Name and Type; in a merge patch null removes a member and
/// an absent member is left as it is.
/// </summary>
public sealed class CustomerRequest
{
    [Description("Required in a create; at most 200 characters, as a reader counts them.")]
    public string? Name { get; init; }

    [Description("Required in a create: Customer or Broker/3PL.")]
    public string? Type { get; init; }

    [Description("Unique in the tenant (trimmed, case-insensitive); at most 32 characters; no placeholder such as N/A.")]
    public string? CompanyNumber { get; init; }

    [Description("Active or Inactive (Inactive = soft-deleted; Active restores).")]
    public string? Status { get; init; }

    public AddressRequest? BillingAddress { get; init; }

    [Description("At most 50 email addresses; replaced whole.")]
    public IReadOnlyList<string>? Email { get; init; }

    [Description("At most 50 phone numbers; replaced whole.")]
    public IReadOnlyList<string>? Phone { get; init; }

    public string? Fax { get; init; }

    [Description("The partner's own id: unique in the tenant (trimmed, case-insensitive); at most 100 characters. Required in a batch item.")]
    public string? ExternalId { get; init; }
}

/// <summary>A batch upsert: 1 to 100 items, each the writable fields of a customer with its ExternalId.</summary>
public sealed class BatchUpsertRequest
{
    // Not in the schema's required list: member names are read in any letter case ("items" too).
    [Description("Required: 1 to 100 customers, each with its ExternalId.")]
    [MinLength(1)]
    [MaxLength(100)]
    public IReadOnlyList<CustomerRequest> Items { get; init; } = [];
}
