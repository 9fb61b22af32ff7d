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

    /// <summary>
    /// The webhook as a sender needs it, not to write over: a version this process read within the last second may answer
    /// (a write through this process is seen at once, one through another replica within that second), so a busy webhook
    /// costs one read a second instead of one per delivery. The caller must not change what it answers.
    /// </summary>
    async Task<Webhook?> FindRecentAsync(TenantId tenantId, WebhookId id, CancellationToken cancellationToken) =>
        (await FindAsync(tenantId, id, cancellationToken))?.Webhook;

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
