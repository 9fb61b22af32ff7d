using System.Net;
using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Customers;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>Webhooks in Cosmos DB, one logical partition per tenant; the limit per tenant held by the container's unique slot.</summary>
internal sealed class CosmosWebhookRepository(WebhookContainer webhooks, ISecretProtection secrets) : IWebhookRepository
{
    /// <summary>How old a version <see cref="FindRecentAsync"/> may answer.</summary>
    private static readonly TimeSpan RecentFor = TimeSpan.FromSeconds(1);

    /// <summary>Every this many entries written, the ones older than <see cref="RecentFor"/> are swept out.</summary>
    private const int SweepEvery = 1_000;

    private readonly Container _container = webhooks.Container;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string TenantId, string Id), (Webhook? Webhook, long ReadAt, bool Holds)> _recent = new();
    private int _writtenSinceSweep;

    public async Task<VersionedWebhook?> AddAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        // Take the lowest free place; a create that raced for the same one gets 409 from the unique key and takes the next.
        // Each lost race means another webhook was stored, so this ends within MaxPerTenant rounds.
        for (var round = 0; round <= Webhook.MaxPerTenant; round++)
        {
            var taken = (await QueryAsync<string>(
                webhook.TenantId, new QueryDefinition("SELECT VALUE c.slot FROM c WHERE c.kind = @kind").WithParameter("@kind", WebhookDocument.Kind), cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            var free = Enumerable.Range(1, Webhook.MaxPerTenant).FirstOrDefault(slot => !taken.Contains(WebhookDocument.SlotValue(slot)));
            if (free == 0)
            {
                return null;
            }

            var document = WebhookDocument.From(webhook, free, secrets);
            using var response = await CosmosCall.RunAsync(
                (Container: _container, Document: document, Token: cancellationToken),
                static create => create.Container.CreateItemStreamAsync(Serialize(create.Document), new PartitionKey(create.Document.TenantId), cancellationToken: create.Token));
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                continue;
            }

            CosmosCall.ThrowUnlessSuccess(response);
            return new VersionedWebhook(webhook, response.Headers.ETag);
        }

        throw new InvalidOperationException($"No free webhook place settled for tenant '{webhook.TenantId}' in {Webhook.MaxPerTenant + 1} rounds.");
    }

    public async Task<VersionedWebhook?> FindAsync(TenantId tenantId, WebhookId id, CancellationToken cancellationToken)
    {
        var document = await ReadAsync(tenantId, id, cancellationToken);
        return document?.ToVersioned(secrets);
    }

    public async Task<Webhook?> FindRecentAsync(TenantId tenantId, WebhookId id, CancellationToken cancellationToken)
    {
        var key = (tenantId.Value, id.Value);
        if (_recent.TryGetValue(key, out var known) && known.Holds && System.Diagnostics.Stopwatch.GetElapsedTime(known.ReadAt) < RecentFor)
        {
            return known.Webhook;
        }

        var readAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var found = (await FindAsync(tenantId, id, cancellationToken))?.Webhook;
        SweepNowAndThen();
        // A read that began before a write through this process ended may hold the version that write replaced: kept only
        // when it began after whatever the entry records (a newer read, or the end of a write).
        _recent.AddOrUpdate(key, (found, readAt, true), (_, current) => current.ReadAt > readAt ? current : (found, readAt, true));
        return found;
    }

    public async Task<IReadOnlyList<VersionedWebhook>> ListAsync(TenantId tenantId, CancellationToken cancellationToken) =>
        [.. (await QueryAsync<WebhookDocument>(
                tenantId, new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind").WithParameter("@kind", WebhookDocument.Kind), cancellationToken))
            .OrderBy(d => d.DateCreated, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => d.ToVersioned(secrets))];

    public async Task<VersionedWebhook?> ReplaceAsync(Webhook webhook, string ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            return await WriteOverAsync(webhook, ifMatch, cancellationToken);
        }
        finally
        {
            Forget(webhook.TenantId, webhook.Id);
        }
    }

    private async Task<VersionedWebhook?> WriteOverAsync(Webhook webhook, string ifMatch, CancellationToken cancellationToken)
    {
        // The place is the webhook's for as long as it exists: read it from the stored version this write replaces.
        if (await ReadAsync(webhook.TenantId, webhook.Id, cancellationToken) is not { } stored || stored.ETag != ifMatch)
        {
            return null;
        }

        var document = WebhookDocument.From(webhook, int.Parse(stored.Slot["webhook-".Length..], System.Globalization.CultureInfo.InvariantCulture), secrets);
        return await CosmosCall.ReplaceIfMatchAsync(_container, Serialize(document), document.Id, document.TenantId, ifMatch, cancellationToken) is { } etag
            ? new VersionedWebhook(webhook, etag)
            : null;
    }

    public async Task<IReadOnlyList<(TenantId TenantId, WebhookId Id)>> ListAwaitingVerificationAsync(CancellationToken cancellationToken)
    {
        // Across tenants: run at start-up only, and webhooks are few (at most 20 a tenant).
        var query = new QueryDefinition(
                "SELECT c.id, c.tenantId FROM c WHERE c.kind = @kind AND c.status = @pending AND (NOT IS_DEFINED(c.statusReason) OR IS_NULL(c.statusReason))")
            .WithParameter("@kind", WebhookDocument.Kind)
            .WithParameter("@pending", nameof(WebhookStatus.Pending));
        using var iterator = _container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { MaxItemCount = 100 });
        var waiting = new List<(TenantId, WebhookId)>();
        while (iterator.HasMoreResults)
        {
            using var response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static page => page.Iterator.ReadNextAsync(page.Token));
            CosmosCall.ThrowUnlessSuccess(response);
            var page = await CosmosJson.ReadAsync<QueryPage<WebhookKey>>(response.Content, cancellationToken);
            foreach (var key in page?.Documents ?? [])
            {
                if (WebhookId.TryParse(key.Id, out var id))
                {
                    waiting.Add((TenantId.From(key.TenantId), id));
                }
            }
        }

        return waiting;
    }

    public async Task<WebhookRemoval> RemoveAsync(TenantId tenantId, WebhookId id, string? ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            return await DeleteAsync(tenantId, id, ifMatch, cancellationToken);
        }
        finally
        {
            Forget(tenantId, id);
        }
    }

    private async Task<WebhookRemoval> DeleteAsync(TenantId tenantId, WebhookId id, string? ifMatch, CancellationToken cancellationToken)
    {
        using var response = await CosmosCall.RunAsync(
            (Container: _container, Id: id, TenantId: tenantId, IfMatch: ifMatch, Token: cancellationToken),
            static delete => delete.Container.DeleteItemStreamAsync(
                delete.Id.Value, new PartitionKey(delete.TenantId.Value), new ItemRequestOptions { IfMatchEtag = delete.IfMatch }, delete.Token));
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                return WebhookRemoval.NotFound;
            case HttpStatusCode.PreconditionFailed:
                return WebhookRemoval.PreconditionFailed;
            default:
                CosmosCall.ThrowUnlessSuccess(response);
                return WebhookRemoval.Removed;
        }
    }

    /// <summary>
    /// A write through this process is seen by the next <see cref="FindRecentAsync"/>: once it ended, no version read before
    /// is answered (nor kept by a read that was under way).
    /// </summary>
    private void Forget(TenantId tenantId, WebhookId id)
    {
        SweepNowAndThen();
        _recent[(tenantId.Value, id.Value)] = (null, System.Diagnostics.Stopwatch.GetTimestamp(), false);
    }

    /// <summary>
    /// Keeps the memory to what the last second read or wrote. Only entries older than <see cref="RecentFor"/> go: a read
    /// that began before a write's mark was swept is older than that too, so it is never answered.
    /// </summary>
    private void SweepNowAndThen()
    {
        if (Interlocked.Increment(ref _writtenSinceSweep) % SweepEvery != 0)
        {
            return;
        }

        foreach (var (key, entry) in _recent)
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(entry.ReadAt) >= RecentFor)
            {
                _recent.TryRemove(new KeyValuePair<(string TenantId, string Id), (Webhook? Webhook, long ReadAt, bool Holds)>(key, entry));
            }
        }
    }

    private async Task<WebhookDocument?> ReadAsync(TenantId tenantId, WebhookId id, CancellationToken cancellationToken)
    {
        var document = await CosmosCall.ReadItemAsync<WebhookDocument>(_container, id.Value, tenantId.Value, cancellationToken);
        return document?.DocumentKind == WebhookDocument.Kind ? document : null;
    }

    /// <summary>Every result of a query confined to the tenant's partition (a tenant holds at most a few dozen documents of a kind).</summary>
    private async Task<List<T>> QueryAsync<T>(TenantId tenantId, QueryDefinition query, CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId.Value), EnableOptimisticDirectExecution = true };
        using var iterator = _container.GetItemQueryStreamIterator(query, requestOptions: options);
        var results = new List<T>();
        while (iterator.HasMoreResults)
        {
            using var response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static page => page.Iterator.ReadNextAsync(page.Token));
            CosmosCall.ThrowUnlessSuccess(response);
            var page = await CosmosJson.ReadAsync<QueryPage<T>>(response.Content, cancellationToken);
            results.AddRange(page?.Documents ?? []);
        }

        return results;
    }

    private static MemoryStream Serialize(WebhookDocument document) =>
        new(JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options), writable: false);
}
