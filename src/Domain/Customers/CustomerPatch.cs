using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// The parts of a billing address a patch changes; the others stay. <c>Zip</c> and <c>ZipCode</c> are one part under
/// two names (partners send either): giving both is refused.
/// </summary>
[Description("A billing address. In a merge patch a member left out stays as it is and null removes it. Zip and ZipCode are synonyms: send one of them.")]
public sealed record AddressPatch
{
    public Optional<string> Street { get; init; }

    public Optional<string> City { get; init; }

    public Optional<string> State { get; init; }

    public Optional<string> Zip { get; init; }

    [Description("A synonym of Zip.")]
    public Optional<string> ZipCode { get; init; }

    /// <summary>The ZIP whichever name it came under.</summary>
    internal Optional<string> EitherZip => Zip.IsPresent ? Zip : ZipCode;
}

/// <summary>
/// The writable fields of a customer as a partner sends them — the body of a create, an RFC 7396 merge patch, an
/// upsert and a batch item. Each member is absent (left as it is), null (removed) or a value; <c>BillingAddress</c>
/// merges part by part; <c>Email</c> and <c>Phone</c> are replaced whole (null empties them). Everything else on a
/// customer (id, dates, contacts, notes, invoicing, sales agent) is out of a partner's reach by construction.
/// </summary>
[Description("The writable fields of a customer. In a merge patch a member left out stays as it is and null removes it; arrays are replaced whole.")]
public sealed record CustomerPatch
{
    [Description("Required in a create; at most 200 characters, as a reader counts them. Cannot be removed.")]
    public Optional<string> Name { get; init; }

    [Description("Required in a create. Cannot be removed.")]
    public Optional<CustomerType> Type { get; init; }

    [Description("Unique in the tenant (trimmed, case-insensitive); at most 32 characters; no placeholder such as N/A.")]
    public Optional<string> CompanyNumber { get; init; }

    [Description("Inactive is a soft delete; Active (or null) restores. A create starts Active.")]
    public Optional<CustomerStatus> Status { get; init; }

    public Optional<AddressPatch> BillingAddress { get; init; }

    [Description("At most 50 email addresses; replaced whole.")]
    public Optional<string?[]> Email { get; init; }

    [Description("At most 50 phone numbers; replaced whole.")]
    public Optional<string?[]> Phone { get; init; }

    public Optional<string> Fax { get; init; }

    [Description("The partner's own id: unique in the tenant (trimmed, case-insensitive); at most 100 characters. Required in a batch item.")]
    public Optional<string> ExternalId { get; init; }

    /// <summary>
    /// The patch as an upsert of the customer with <paramref name="externalId"/> applies it: the ExternalId names the
    /// customer and is not changed by it, so a body ExternalId, if given, must be that one (trimmed, in any letter case).
    /// </summary>
    public Result<CustomerPatch> ForUpsertOf(ExternalId externalId) =>
        ExternalId is { IsPresent: true } given && (!given.HasValue || Customers.ExternalId.Normalize(given.Value) != externalId.Normalized)
            ? Result.Invalid(CustomerErrors.Field(
                "ExternalId", "ExternalId in the body must be the one in the path (trimmed, in any letter case), or be left out."))
            : this with { ExternalId = Optional<string>.Absent };

    /// <summary>
    /// What makes two creates the same request: the same fields as sent — the order, letter case and spacing of the
    /// JSON they came in do not matter, every value does (a member left out and a null one are the same: no value).
    /// A digest, stored with the customer.
    /// </summary>
    public string Fingerprint()
    {
        var canonical = new StringBuilder();
        void Add(string name, string? value) =>
            canonical.Append(name).Append(value is null ? "\u0001-" : $"\u0001{value.Length}:{value}").Append('\u0002');
        void AddList(string name, Optional<string?[]> values) =>
            Add(name, values.HasValue ? string.Join("\u0003", values.Value.Select(v => $"{v?.Length}:{v}")) : null);
        var address = BillingAddress.Or(null);
        Add(nameof(Name), Name.Or(null));
        Add(nameof(Type), Type.HasValue ? Type.Value.ToName() : null);
        Add(nameof(CompanyNumber), CompanyNumber.Or(null));
        Add(nameof(Status), Status.HasValue ? Status.Value.ToName() : null);
        Add(nameof(BillingAddress), address is null ? null : "present");
        Add("Street", address?.Street.Or(null));
        Add("City", address?.City.Or(null));
        Add("State", address?.State.Or(null));
        Add("ZipCode", address?.EitherZip.Or(null));
        AddList(nameof(Email), Email);
        AddList(nameof(Phone), Phone);
        Add(nameof(Fax), Fax.Or(null));
        Add(nameof(ExternalId), ExternalId.Or(null));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
