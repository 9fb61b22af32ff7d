using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Application.Customers;

/// <summary>How a value a partner sends is matched against a customer's id or unique values.</summary>
internal static class CustomerKeys
{
    /// <summary>
    /// The value as the store holds it: an id as issued, a CompanyNumber or ExternalId as its uniqueness rule normalises
    /// it. Null when no customer could hold it (no id the service issues, a placeholder, blank, longer than the limit),
    /// so that it is answered as not found without asking the database.
    /// </summary>
    public static string? Matchable(CustomerKey key, string value)
    {
        var trimmed = PartnerText.Clean(value);
        return key switch
        {
            _ when trimmed is null => null,
            CustomerKey.Id => CustomerId.TryParse(trimmed, out var id) ? id.Value : null,
            CustomerKey.CompanyNumber => PartnerText.Length(trimmed) > CompanyNumber.MaxLength || CompanyNumber.IsPlaceholder(trimmed) ? null : CompanyNumber.Normalize(trimmed),
            _ => PartnerText.Length(trimmed) > ExternalId.MaxLength ? null : ExternalId.Normalize(trimmed),
        };
    }
}
