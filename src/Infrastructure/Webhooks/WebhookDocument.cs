using System.Text.Json.Serialization;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Alvys.Customers.Infrastructure.Customers;

namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>How a webhook is stored, in its tenant's partition of the webhooks container.</summary>
internal sealed class WebhookDocument
{
    public const string Kind = "webhook";

    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("tenantId")] public required string TenantId { get; init; }

    [JsonPropertyName("kind")] public string DocumentKind { get; init; } = Kind;

    /// <summary>The tenant's numbered place this webhook holds (1…<see cref="Webhook.MaxPerTenant"/>), unique per tenant.</summary>
    [JsonPropertyName("slot")] public required string Slot { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("url")] public required string Url { get; init; }

    [JsonPropertyName("events")] public required string[] Events { get; init; }

    [JsonPropertyName("includePreviousAttributes")] public bool IncludePreviousAttributes { get; init; }

    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("statusReason")] public string? StatusReason { get; init; }

    /// <summary>The signing secret as <see cref="ISecretProtection"/> protected it: an HMAC key must be had in full to sign, but never in clear text at rest.</summary>
    [JsonPropertyName("protectedSecret")] public required string ProtectedSecret { get; init; }

    [JsonPropertyName("protectedPreviousSecret")] public string? ProtectedPreviousSecret { get; init; }

    [JsonPropertyName("previousSecretExpires")] public string? PreviousSecretExpires { get; init; }

    [JsonPropertyName("consecutiveFailedEvents")] public int ConsecutiveFailedEvents { get; init; }

    [JsonPropertyName("dateCreated")] public required string DateCreated { get; init; }

    [JsonPropertyName("dateModified")] public required string DateModified { get; init; }

    [JsonPropertyName("_etag")] public string? ETag { get; init; }

    public static WebhookDocument From(Webhook webhook, int slot, ISecretProtection secrets) => new()
    {
        Id = webhook.Id.Value,
        TenantId = webhook.TenantId.Value,
        Slot = SlotValue(slot),
        Name = webhook.Name,
        Url = webhook.Url.ToString(),
        Events = [.. webhook.Events.Order().Select(e => e.ToString())],
        IncludePreviousAttributes = webhook.IncludePreviousAttributes,
        Status = webhook.Status.ToString(),
        StatusReason = webhook.StatusReason?.ToString(),
        ProtectedSecret = secrets.Protect(webhook.Secret.Value),
        ProtectedPreviousSecret = webhook.PreviousSecret is { } previous ? secrets.Protect(previous.Value) : null,
        PreviousSecretExpires = webhook.PreviousSecretExpires is { } expires ? CustomerDocumentMapper.FormatDate(expires) : null,
        ConsecutiveFailedEvents = webhook.ConsecutiveFailedEvents,
        DateCreated = CustomerDocumentMapper.FormatDate(webhook.DateCreated),
        DateModified = CustomerDocumentMapper.FormatDate(webhook.DateModified),
    };

    public static string SlotValue(int slot) => $"webhook-{slot:00}";

    public VersionedWebhook ToVersioned(ISecretProtection secrets)
    {
        if (!WebhookId.TryParse(Id, out var id))
        {
            throw new InvalidOperationException($"Stored webhook has a malformed id '{Id}'.");
        }

        var state = new StoredWebhookState(
            id,
            Domain.Customers.TenantId.From(TenantId),
            Name,
            WebhookUrl.Rehydrate(Url),
            Events.Select(Parse<CustomerEventType>).ToHashSet(),
            IncludePreviousAttributes,
            Parse<WebhookStatus>(Status),
            StatusReason is null ? null : Parse<WebhookStatusReason>(StatusReason),
            new WebhookSecret(secrets.Unprotect(ProtectedSecret)),
            ProtectedPreviousSecret is null ? null : new WebhookSecret(secrets.Unprotect(ProtectedPreviousSecret)),
            PreviousSecretExpires is null ? null : CustomerDocumentMapper.ParseDate(PreviousSecretExpires),
            ConsecutiveFailedEvents,
            CustomerDocumentMapper.ParseDate(DateCreated),
            CustomerDocumentMapper.ParseDate(DateModified));
        return new VersionedWebhook(Webhook.Rehydrate(state), ETag ?? throw new InvalidOperationException($"Stored webhook '{Id}' has no _etag."));
    }

    private T Parse<T>(string name)
        where T : struct, Enum =>
        Enum.TryParse<T>(name, out var value) && Enum.IsDefined(value) ? value : throw new InvalidOperationException($"Stored webhook '{Id}' has an unknown {typeof(T).Name} '{name}'.");
}

/// <summary>Which webhook a document is, and nothing else of it.</summary>
internal sealed record WebhookKey(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("tenantId")] string TenantId);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookDocument))]
[JsonSerializable(typeof(QueryPage<WebhookDocument>))]
[JsonSerializable(typeof(QueryPage<string>))]
[JsonSerializable(typeof(QueryPage<WebhookKey>))]
internal sealed partial class WebhookDocumentJson : JsonSerializerContext;
