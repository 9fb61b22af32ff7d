using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Domain.Webhooks;

/// <summary>A stored webhook and the entity tag of that version.</summary>
public sealed record VersionedWebhook(Webhook Webhook, string ETag);

public enum WebhookRemoval
{
    Removed,
    NotFound,
    PreconditionFailed,
}

/// <summary>The tenant's webhooks. Every write is conditional or atomic in the store: two writers never both win.</summary>
public interface IWebhookRepository
{
    /// <summary>Stores a new webhook; null when the tenant already holds <see cref="Webhook.MaxPerTenant"/>, however many race for the last place.</summary>
    Task<VersionedWebhook?> AddAsync(Webhook webhook, CancellationToken cancellationToken);

    Task<VersionedWebhook?> FindAsync(TenantId tenantId, WebhookId id, CancellationToken cancellationToken);

    /// <summary>The tenant's webhooks, oldest first.</summary>
    Task<IReadOnlyList<VersionedWebhook>> ListAsync(TenantId tenantId, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="webhook"/> over the version <paramref name="ifMatch"/> names; null when that is no longer the stored one.</summary>
    Task<VersionedWebhook?> ReplaceAsync(Webhook webhook, string ifMatch, CancellationToken cancellationToken);

    /// <summary>
    /// Every tenant's webhooks still waiting for their endpoint's first answer (Pending, no reason yet): what a process
    /// that stopped before verifying them left to verify.
    /// </summary>
    Task<IReadOnlyList<(TenantId TenantId, WebhookId Id)>> ListAwaitingVerificationAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the webhook, conditional on <paramref name="ifMatch"/> when one is given.</summary>
    Task<WebhookRemoval> RemoveAsync(TenantId tenantId, WebhookId id, string? ifMatch, CancellationToken cancellationToken);
}
