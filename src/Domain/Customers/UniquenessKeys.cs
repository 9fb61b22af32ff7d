using System.Text;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// The values that must be unique among all customers of a tenant, Active and Inactive alike,
/// in the normalised form uniqueness is decided on. A null member takes part in no uniqueness rule.
/// </summary>
public sealed record UniquenessKeys(string? CompanyNumber, string? ExternalId, string? NameAndBillingZip)
{
    public static UniquenessKeys For(Customer customer) => new(
        customer.CompanyNumber?.Normalized,
        customer.ExternalId?.Normalized,
        NameAndZip(customer.Name.Value, customer.BillingAddress?.ZipCode));

    /// <summary>Name trimmed, inner whitespace collapsed; ZIP trimmed with every space removed; both case-insensitive.</summary>
    public static string? NameAndZip(string name, string? zipCode)
    {
        if (string.IsNullOrWhiteSpace(zipCode))
        {
            return null;
        }

        var zip = new StringBuilder(zipCode.Length);
        foreach (var c in zipCode)
        {
            if (!char.IsWhiteSpace(c))
            {
                zip.Append(char.ToUpperInvariant(c));
            }
        }

        // A separator no name can hold, so "AB"+"1" and "A"+"B1" never meet.
        return CustomerName.Normalize(name) + "\u001F" + zip;
    }
}
