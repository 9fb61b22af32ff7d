using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>One member of a merge patch: absent (leave the field alone), null (remove it), or a value.</summary>
public readonly record struct PatchValue<T>(bool IsPresent, T? Value)
    where T : class
{
    public static PatchValue<T> Absent => default;

    public static PatchValue<T> Remove => new(true, null);

    public static PatchValue<T> Set(T value) => new(true, value);

    public T? ApplyTo(T? current) => IsPresent ? Value : current;
}

/// <summary>The parts of an address a patch changes; the others stay.</summary>
public sealed record AddressPatch
{
    public PatchValue<string> Street { get; init; }

    public PatchValue<string> City { get; init; }

    public PatchValue<string> State { get; init; }

    public PatchValue<string> ZipCode { get; init; }

    public AddressFields ApplyTo(AddressFields? current) => new(
        Street.ApplyTo(current?.Street), City.ApplyTo(current?.City), State.ApplyTo(current?.State), ZipCode.ApplyTo(current?.ZipCode));
}

/// <summary>
/// RFC 7396 JSON Merge Patch over a customer's writable fields, typed: a member present replaces, null removes,
/// absent leaves the field alone; <c>BillingAddress</c> merges part by part; <c>Email</c> and <c>Phone</c> are
/// replaced whole (null empties them). A create is a patch applied to <see cref="CustomerFields.None"/>.
/// </summary>
public sealed record CustomerPatch
{
    public PatchValue<string> Name { get; init; }

    public PatchValue<string> Type { get; init; }

    public PatchValue<string> CompanyNumber { get; init; }

    public PatchValue<string> Status { get; init; }

    public PatchValue<AddressPatch> BillingAddress { get; init; }

    public PatchValue<IReadOnlyList<string>> Email { get; init; }

    public PatchValue<IReadOnlyList<string>> Phone { get; init; }

    public PatchValue<string> Fax { get; init; }

    public PatchValue<string> ExternalId { get; init; }

    /// <summary>A patch that sets every writable field to the value in <paramref name="fields"/>.</summary>
    public static CustomerPatch Replacing(CustomerFields fields) => new()
    {
        Name = new(true, fields.Name),
        Type = new(true, fields.Type),
        CompanyNumber = new(true, fields.CompanyNumber),
        Status = new(true, fields.Status),
        BillingAddress = new(true, fields.BillingAddress is { } address
            ? new AddressPatch { Street = new(true, address.Street), City = new(true, address.City), State = new(true, address.State), ZipCode = new(true, address.ZipCode) }
            : null),
        Email = new(true, fields.Email),
        Phone = new(true, fields.Phone),
        Fax = new(true, fields.Fax),
        ExternalId = new(true, fields.ExternalId),
    };

    /// <summary>
    /// The patch as an upsert of the customer with <paramref name="externalId"/> applies it: the ExternalId names the
    /// customer and is not changed by it, so a body ExternalId, if given, must be that one (trimmed, in any letter case).
    /// </summary>
    public Result<CustomerPatch> ForUpsertOf(ExternalId externalId) =>
        ExternalId is { IsPresent: true, Value: var given } && (given is null || Customers.ExternalId.Normalize(given) != externalId.Normalized)
            ? Result.Invalid(CustomerErrors.Field(
                "ExternalId", "ExternalId in the body must be the one in the path (trimmed, in any letter case), or be left out."))
            : this with { ExternalId = PatchValue<string>.Absent };

    public CustomerFields ApplyTo(CustomerFields current) => new()
    {
        Name = Name.ApplyTo(current.Name),
        Type = Type.ApplyTo(current.Type),
        CompanyNumber = CompanyNumber.ApplyTo(current.CompanyNumber),
        Status = Status.ApplyTo(current.Status),
        BillingAddress = BillingAddress.IsPresent ? BillingAddress.Value?.ApplyTo(current.BillingAddress) : current.BillingAddress,
        Email = Email.IsPresent ? Email.Value ?? [] : current.Email,
        Phone = Phone.IsPresent ? Phone.Value ?? [] : current.Phone,
        Fax = Fax.ApplyTo(current.Fax),
        ExternalId = ExternalId.ApplyTo(current.ExternalId),
    };
}
