namespace Alvys.Customers.Domain.Customers;

/// <summary>The partner tenant that owns a customer. Every read and write is confined to one tenant.</summary>
public readonly record struct TenantId
{
    public const int MaxLength = 128;

    private TenantId(string value) => Value = value;

    public string Value { get; }

    public static bool TryCreate(string? candidate, out TenantId tenantId)
    {
        tenantId = default;
        if (string.IsNullOrWhiteSpace(candidate) || candidate.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        tenantId = new TenantId(candidate);
        return true;
    }

    public static TenantId From(string candidate) =>
        TryCreate(candidate, out var tenantId)
            ? tenantId
            : throw new ArgumentException($"A tenant id is 1 to {MaxLength} printable characters.", nameof(candidate));

    public override string ToString() => Value;
}
