using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>A postal address: every part trimmed and at most 200 characters; an address with no part is no address.</summary>
public sealed record Address
{
    public const int MaxPartLength = 200;

    private Address(string? street, string? city, string? state, string? zipCode)
    {
        Street = street;
        City = city;
        State = state;
        ZipCode = zipCode;
    }

    public string? Street { get; }

    public string? City { get; }

    public string? State { get; }

    public string? ZipCode { get; }

    /// <summary>
    /// Merges <paramref name="patch"/> over <paramref name="stored"/> (none on a create) as the address of
    /// <paramref name="field"/> (e.g. <c>BillingAddress</c>): a part left out, or sent as it is stored, is kept as
    /// stored and not judged again; every other part is trimmed and checked.
    /// </summary>
    public static Result<Address?> Merge(AddressPatch patch, Address? stored, string field)
    {
        var errors = new List<ValidationError>();
        if (patch.Zip.IsPresent && patch.ZipCode.IsPresent)
        {
            errors.Add(CustomerErrors.Field($"{field}.Zip", $"Give {field}.Zip or its synonym ZipCode, not both."));
        }

        var address = new Address(
            Part(patch.Street, stored?.Street, $"{field}.Street", errors),
            Part(patch.City, stored?.City, $"{field}.City", errors),
            Part(patch.State, stored?.State, $"{field}.State", errors),
            Part(patch.EitherZip, stored?.ZipCode, $"{field}.Zip", errors));
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }

        return address is { Street: null, City: null, State: null, ZipCode: null } ? Result<Address?>.Success(null) : address;
    }

    public static Address Rehydrate(string? street, string? city, string? state, string? zipCode) => new(street, city, state, zipCode);

    private static string? Part(Optional<string> given, string? stored, string field, List<ValidationError> errors)
    {
        if (!given.IsPresent || given.Or(null) == stored)
        {
            return stored;
        }

        var cleaned = PartnerText.Clean(given.Or(null));
        if (cleaned is not null && PartnerText.Problem(cleaned, field, MaxPartLength) is { } problem)
        {
            errors.Add(problem);
        }

        return cleaned;
    }
}
