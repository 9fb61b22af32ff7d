using System.Collections.Concurrent;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>Webhooks in memory with the store's rules: a copy per version, a new ETag per write, writes conditional, 20 per tenant.</summary>
internal sealed class InMemoryWebhookRepository : IWebhookRepository
{
    private readonly ConcurrentDictionary<(TenantId, WebhookId), (StoredWebhookState State, string ETag)> _stored = new();
    private int _writes;

    /// <summary>Writes that reached the store (creates, replaces, deletes).</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Runs before a replace is judged: a test's chance to land a write in between a handler's read and its write.</summary>
    public Action? BeforeReplace { get; set; }

    public Task<VersionedWebhook?> AddAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        lock (_stored)
        {
            if (_stored.Keys.Count(key => key.Item1 == webhook.TenantId) >= Webhook.MaxPerTenant)
            {
                return Task.FromResult<VersionedWebhook?>(null);
            }

            return Task.FromResult<VersionedWebhook?>(Write(webhook));
        }
    }

    public Task<VersionedWebhook?> FindAsync(TenantId tenantId, WebhookId id, CancellationToken cancellationToken) =>
        Task.FromResult(_stored.TryGetValue((tenantId, id), out var stored) ? new VersionedWebhook(Webhook.Rehydrate(stored.State), stored.ETag) : null);

    public Task<IReadOnlyList<VersionedWebhook>> ListAsync(TenantId tenantId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<VersionedWebhook>>([.. _stored.Where(s => s.Key.Item1 == tenantId).Select(s => new VersionedWebhook(Webhook.Rehydrate(s.Value.State), s.Value.ETag))]);

    public Task<VersionedWebhook?> ReplaceAsync(Webhook webhook, string ifMatch, CancellationToken cancellationToken)
    {
        BeforeReplace?.Invoke();
        lock (_stored)
        {
            return Task.FromResult(_stored.TryGetValue((webhook.TenantId, webhook.Id), out var stored) && stored.ETag == ifMatch ? Write(webhook) : null);
        }
    }

    public Task<IReadOnlyList<(TenantId TenantId, WebhookId Id)>> ListAwaitingVerificationAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(TenantId, WebhookId)>>([.. _stored.Where(s => Webhook.Rehydrate(s.Value.State).AwaitsVerification).Select(s => s.Key)]);

    public Task<WebhookRemoval> RemoveAsync(TenantId tenantId, WebhookId id, string? ifMatch, CancellationToken cancellationToken)
    {
        lock (_stored)
        {
            if (!_stored.TryGetValue((tenantId, id), out var stored))
            {
                return Task.FromResult(WebhookRemoval.NotFound);
            }

            if (ifMatch is not null && ifMatch != stored.ETag)
            {
                return Task.FromResult(WebhookRemoval.PreconditionFailed);
            }

            _stored.TryRemove((tenantId, id), out _);
            Interlocked.Increment(ref _writes);
            return Task.FromResult(WebhookRemoval.Removed);
        }
    }

    private VersionedWebhook Write(Webhook webhook)
    {
        var etag = $"\"{Guid.NewGuid()}\"";
        _stored[(webhook.TenantId, webhook.Id)] = (Snapshot(webhook), etag);
        Interlocked.Increment(ref _writes);
        return new VersionedWebhook(Webhook.Rehydrate(Snapshot(webhook)), etag);
    }

    private static StoredWebhookState Snapshot(Webhook webhook) => new(
        webhook.Id, webhook.TenantId, webhook.Name, webhook.Url, webhook.Events.ToHashSet(), webhook.IncludePreviousAttributes, webhook.Status, webhook.StatusReason,
        webhook.Secret, webhook.PreviousSecret, webhook.PreviousSecretExpires, webhook.ConsecutiveFailedEvents, webhook.DateCreated, webhook.DateModified);
}

/// <summary>Endpoints that answer the challenge as a test says, and remember what they were sent.</summary>
internal sealed class FakeWebhookEndpoints : IWebhookEndpoints
{
    public bool Echo { get; set; } = true;

    public ConcurrentQueue<WebhookUrl> Challenged { get; } = new();

    /// <summary>What the next attempts find, in order; once empty, every attempt is delivered.</summary>
    public ConcurrentQueue<AttemptOutcome> Outcomes { get; } = new();

    public ConcurrentQueue<(WebhookUrl Url, EventPost Post)> Posted { get; } = new();

    public Task<bool> AnswersChallengeAsync(WebhookUrl url, string challenge, CancellationToken cancellationToken)
    {
        Challenged.Enqueue(url);
        return Task.FromResult(Echo);
    }

    public Task<AttemptOutcome> DeliverAsync(WebhookUrl url, EventPost post, CancellationToken cancellationToken)
    {
        Posted.Enqueue((url, post));
        return Task.FromResult(Outcomes.TryDequeue(out var next) ? next : new AttemptOutcome(true, false, 200, null, TimeSpan.FromMilliseconds(1), null));
    }
}

/// <summary>Verification requests as the handlers make them, kept for the test to run or inspect.</summary>
internal sealed class RecordedVerifications : IWebhookVerifications
{
    public ConcurrentQueue<(TenantId TenantId, WebhookId Id)> Requested { get; } = new();

    public void Request(TenantId tenantId, WebhookId id) => Requested.Enqueue((tenantId, id));
}
