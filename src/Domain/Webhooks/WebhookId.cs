namespace Alvys.Customers.Domain.Webhooks;

/// <summary>A webhook's server-generated id: 32 lowercase hex digits, as a customer's.</summary>
public readonly record struct WebhookId
{
    public const int Length = 32;

    private WebhookId(string value) => Value = value;

    public string Value { get; }

    public static WebhookId New() => new(Guid.NewGuid().ToString("N"));

    /// <summary>Only the format the service hands out (upper-case hex folded), so nothing else reaches the store.</summary>
    public static bool TryParse(string? candidate, out WebhookId id)
    {
        id = default;
        if (candidate is null || candidate.Length != Length || !candidate.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        id = new WebhookId(candidate.ToLowerInvariant());
        return true;
    }

    public override string ToString() => Value;
}
