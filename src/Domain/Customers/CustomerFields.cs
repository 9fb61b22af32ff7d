namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// The writable fields of a customer exactly as a partner sends them — unvalidated, untrimmed: the body of a
/// create, and the view of a stored customer a merge patch is applied to. Everything else on a customer (id,
/// dates, contacts, notes, invoicing, sales agent) is out of a partner's reach by construction.
/// </summary>
public sealed record CustomerFields
{
    /// <summary>No field given: what a create's patch is applied to.</summary>
    public static readonly CustomerFields None = new();

    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? CompanyNumber { get; init; }

    public string? Status { get; init; }

    public AddressFields? BillingAddress { get; init; }

    public IReadOnlyList<string>? Email { get; init; }

    public IReadOnlyList<string>? Phone { get; init; }

    public string? Fax { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>
    /// What makes two creates the same request: the same fields as sent — the order, letter case and spacing of the
    /// JSON they came in do not matter, every value and whether it was given does. A digest, stored with the customer.
    /// </summary>
    public string Fingerprint()
    {
        var canonical = new System.Text.StringBuilder();
        void Add(string name, string? value) =>
            canonical.Append(name).Append(value is null ? "\u0001-" : $"\u0001{value.Length}:{value}").Append('\u0002');
        void AddList(string name, IReadOnlyList<string>? values) =>
            Add(name, values is null ? null : string.Join("\u0003", values.Select(v => $"{v.Length}:{v}")));
        Add(nameof(Name), Name);
        Add(nameof(Type), Type);
        Add(nameof(CompanyNumber), CompanyNumber);
        Add(nameof(Status), Status);
        Add(nameof(BillingAddress), BillingAddress is null ? null : "present");
        Add("Street", BillingAddress?.Street);
        Add("City", BillingAddress?.City);
        Add("State", BillingAddress?.State);
        Add("ZipCode", BillingAddress?.ZipCode);
        AddList(nameof(Email), Email);
        AddList(nameof(Phone), Phone);
        Add(nameof(Fax), Fax);
        Add(nameof(ExternalId), ExternalId);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical.ToString())));
    }
}
