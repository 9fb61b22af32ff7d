using System.ComponentModel;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>A webhook as every answer shows it, with the entity tag of that version (also the ETag header).</summary>
[Description("A webhook subscription of your tenant. Status is Pending until its endpoint answers the verification challenge.")]
public record WebhookResponse(
    string Id,
    string Name,
    string Url,
    [property: Description("The event types delivered to it.")] IReadOnlyList<CustomerEventType> Events,
    [property: Description("Whether updated, deleted and restored events carry diff.previousAttributes.")] bool IncludePreviousAttributes,
    WebhookStatus Status,
    [property: Description("Why it is not Active, when there is a reason: its endpoint failed verification, ten events in a row failed all their attempts, or you disabled it.")]
    WebhookStatusReason? StatusReason,
    DateTimeOffset DateCreated,
    DateTimeOffset DateModified,
    [property: Description("The strong entity tag of this version (the ETag header): send it back in If-Match.")] string ETag)
{
    protected WebhookResponse(VersionedWebhook stored)
        : this(
            stored.Webhook.Id.Value,
            stored.Webhook.Name,
            stored.Webhook.Url.ToString(),
            [.. stored.Webhook.Events.Order()],
            stored.Webhook.IncludePreviousAttributes,
            stored.Webhook.Status,
            stored.Webhook.StatusReason,
            stored.Webhook.DateCreated,
            stored.Webhook.DateModified,
            stored.ETag)
    {
    }

    public static WebhookResponse From(VersionedWebhook stored) => new(stored);
}

/// <summary>A webhook with its signing secret: the answer of a create and of a rotation, the only two that ever show it.</summary>
[Description("A webhook with its signing secret. Keep the secret: no other answer shows it again.")]
public sealed record WebhookWithSecretResponse : WebhookResponse
{
    public WebhookWithSecretResponse(VersionedWebhook stored, WebhookSecret secret)
        : base(stored) => Secret = secret.Value;

    [Description("The key of the HMAC-SHA256 signatures (X-Alvys-Signature): the UTF-8 bytes of this whole string.")]
    public string Secret { get; }
}

/// <summary>The tenant's webhooks, oldest first.</summary>
public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items);
