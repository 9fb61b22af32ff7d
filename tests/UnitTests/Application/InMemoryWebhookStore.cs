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

    /// <summary>Runs while an attempt is under way, before it answers.</summary>
    public Action? WhileDelivering { get; set; }

    public Task<bool> AnswersChallengeAsync(WebhookUrl url, string challenge, CancellationToken cancellationToken)
    {
        Challenged.Enqueue(url);
        return Task.FromResult(Echo);
    }

    public Task<AttemptOutcome> DeliverAsync(WebhookUrl url, EventPost post, CancellationToken cancellationToken)
    {
        Posted.Enqueue((url, post));
        WhileDelivering?.Invoke();
        return Task.FromResult(Outcomes.TryDequeue(out var next) ? next : new AttemptOutcome(true, false, 200, null, TimeSpan.FromMilliseconds(1), null));
    }
}

/// <summary>Verification requests as the handlers make them, kept for the test to run or inspect.</summary>
internal sealed class RecordedVerifications : IWebhookVerifications
{
    public ConcurrentQueue<(TenantId TenantId, WebhookId Id)> Requested { get; } = new();

    public void Request(TenantId tenantId, WebhookId id) => Requested.Enqueue((tenantId, id));
}

/// <summary>Deliveries in memory, every write conditional on the version read, as the Cosmos store does.</summary>
internal sealed class InMemoryDeliveryStore : IDeliveryStore
{
    private readonly ConcurrentDictionary<(TenantId Tenant, string Id), (WebhookDelivery Delivery, string ETag)> _stored = new();

    public Task<VersionedDelivery?> RecordAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var etag = $"\"{Guid.NewGuid()}\"";
        return Task.FromResult(_stored.TryAdd((delivery.TenantId, delivery.Id), (delivery, etag)) ? new VersionedDelivery(delivery, etag) : null);
    }

    public Task<IReadOnlyList<VersionedDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<VersionedDelivery>>(
            [.. _stored.Values.Where(s => s.Delivery.IsDueAt(now)).OrderBy(s => s.Delivery.NextAttemptAt).Take(max).Select(s => new VersionedDelivery(s.Delivery, s.ETag))]);

    public Task<DateTimeOffset?> EarlierPendingDueAtAsync(WebhookDelivery delivery, CancellationToken cancellationToken) =>
        Task.FromResult(_stored.Values
            .Where(s => s.Delivery.TenantId == delivery.TenantId && s.Delivery.WebhookId == delivery.WebhookId && s.Delivery.CustomerId == delivery.CustomerId
                && s.Delivery.State == DeliveryState.Pending && s.Delivery.Revision < delivery.Revision)
            .Select(s => s.Delivery.NextAttemptAt)
            .Min());

    public Task<WebhookDelivery?> FindAsync(TenantId tenantId, string id, CancellationToken cancellationToken) =>
        Task.FromResult(_stored.TryGetValue((tenantId, id), out var stored) ? stored.Delivery : null);

    public Task<DeliveryPage> ListAsync(TenantId tenantId, WebhookId webhookId, DeliveryPosition? after, int pageSize, CancellationToken cancellationToken)
    {
        var ordered = _stored.Values.Select(s => s.Delivery)
            .Where(d => d.TenantId == tenantId && d.WebhookId == webhookId)
            .Where(d => after is null || d.DateCreated < after.DateCreated || (d.DateCreated == after.DateCreated && string.CompareOrdinal(d.Id, after.Id) < 0))
            .OrderByDescending(d => d.DateCreated).ThenByDescending(d => d.Id, StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult(new DeliveryPage([.. ordered.Take(pageSize)], ordered.Length > pageSize));
    }

    public Task<VersionedDelivery?> ReplaceAsync(WebhookDelivery delivery, string ifMatch, CancellationToken cancellationToken)
    {
        var key = (delivery.TenantId, delivery.Id);
        lock (_stored)
        {
            if (!_stored.TryGetValue(key, out var stored) || stored.ETag != ifMatch)
            {
                return Task.FromResult<VersionedDelivery?>(null);
            }

            var etag = $"\"{Guid.NewGuid()}\"";
            _stored[key] = (delivery, etag);
            return Task.FromResult<VersionedDelivery?>(new VersionedDelivery(delivery, etag));
        }
    }
}
