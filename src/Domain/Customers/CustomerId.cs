namespace Alvys.Customers.Domain.Customers;

/// <summary>A customer's server-generated id: 32 lowercase hex digits, e.g. <c>3a61454a41604c24adf061d8304e1177</c>.</summary>
public readonly record struct CustomerId
{
    public const int Length = 32;

    private CustomerId(string value) => Value = value;

    public string Value { get; }

    public static CustomerId New() => new(Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Accepts only the id format the service hands out, so that a value which cannot name a customer
    /// (too long, path characters, control characters) never travels further than this check.
    /// Upper-case hex is accepted and folded, since partners copy ids through systems that shout.
    /// </summary>
    public static bool TryParse(string? candidate, out CustomerId id)
    {
        id = default;
        if (candidate is null || candidate.Length != Length)
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        id = new CustomerId(candidate.ToLowerInvariant());
        return true;
    }

    public override string ToString() => Value;
}
