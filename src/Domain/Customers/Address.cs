using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>A postal address as a partner sends it: unvalidated, untrimmed. <c>ZipCode</c> is what partners send as <c>Zip</c>.</summary>
public sealed record AddressFields(string? Street, string? City, string? State, string? ZipCode);

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

    public AddressFields ToFields() => new(Street, City, State, ZipCode);

    /// <summary>
    /// Validates <paramref name="fields"/> as the address of <paramref name="field"/> (e.g. <c>BillingAddress</c>).
    /// Parts equal to those of <paramref name="stored"/> are kept as stored, not judged again.
    /// </summary>
    public static Result<Address?> Create(AddressFields? fields, string field, Address? stored = null)
    {
        if (fields is null)
        {
            return Result<Address?>.Success(null);
        }

        var errors = new List<ValidationError>();
        var address = new Address(
            Part(fields.Street, stored?.Street, $"{field}.Street", errors),
            Part(fields.City, stored?.City, $"{field}.City", errors),
            Part(fields.State, stored?.State, $"{field}.State", errors),
            Part(fields.ZipCode, stored?.ZipCode, $"{field}.Zip", errors));
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }

        return address is { Street: null, City: null, State: null, ZipCode: null } ? Result<Address?>.Success(null) : address;
    }

    public static Address Rehydrate(string? street, string? city, string? state, string? zipCode) => new(street, city, state, zipCode);

    private static string? Part(string? value, string? stored, string field, List<ValidationError> errors)
    {
        if (value == stored)
        {
            return stored;
        }

        var cleaned = PartnerText.Clean(value);
        if (cleaned is not null && PartnerText.Problem(cleaned, field, MaxPartLength) is { } problem)
        {
            errors.Add(problem);
        }

        return cleaned;
    }
}
