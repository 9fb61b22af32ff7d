using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Customers;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>Deliveries in the webhooks container, in their tenant's partition; every change conditional on the version read.</summary>
internal sealed class CosmosDeliveryStore(WebhookContainer webhooks) : IDeliveryStore
{
    private readonly Container _container = webhooks.Container;

    public async Task<VersionedDelivery?> RecordAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var document = DeliveryDocument.From(delivery);
        using var response = await CosmosCall.RunAsync(
            (Container: _container, Document: document, Token: cancellationToken),
            static create => create.Container.CreateItemStreamAsync(Serialize(create.Document), new PartitionKey(create.Document.TenantId), cancellationToken: create.Token));
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        CosmosCall.ThrowUnlessSuccess(response);
        return new VersionedDelivery(delivery, response.Headers.ETag);
    }

    public async Task<IReadOnlyList<VersionedDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var at = CustomerDocumentMapper.FormatDate(now);
        // Across tenants: the worker of every replica asks, and claims what it takes conditionally.
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.kind = @kind AND c.state = @pending AND c.nextAttemptAt <= @now AND (NOT IS_DEFINED(c.claimedUntil) OR IS_NULL(c.claimedUntil) OR c.claimedUntil < @now)")
            .WithParameter("@kind", DeliveryDocument.Kind)
            .WithParameter("@pending", nameof(DeliveryState.Pending))
            .WithParameter("@now", at);
        var due = await QueryAsync(query, max, cancellationToken);
        return [.. due.OrderBy(d => d.NextAttemptAt, StringComparer.Ordinal).Take(max).Select(d => d.ToVersioned())];
    }

    public async Task<DateTimeOffset?> EarlierPendingDueAtAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
                "SELECT VALUE c.nextAttemptAt FROM c WHERE c.kind = @kind AND c.webhookId = @webhook AND c.customerId = @customer AND c.state = @pending AND c.revision < @revision")
            .WithParameter("@kind", DeliveryDocument.Kind)
            .WithParameter("@webhook", delivery.WebhookId.Value)
            .WithParameter("@customer", delivery.CustomerId.Value)
            .WithParameter("@pending", nameof(DeliveryState.Pending))
            .WithParameter("@revision", delivery.Revision);
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(delivery.TenantId.Value) };
        using var iterator = _container.GetItemQueryStreamIterator(query, requestOptions: options);
        string? first = null;
        while (iterator.HasMoreResults)
        {
            using var response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static page => page.Iterator.ReadNextAsync(page.Token));
            CosmosCall.ThrowUnlessSuccess(response);
            var page = await CosmosJson.ReadAsync<QueryPage<string>>(response.Content, cancellationToken);
            foreach (var due in page?.Documents ?? [])
            {
                // Stored in one fixed-width UTC format, so that text order is time order.
                first = first is null || string.CompareOrdinal(due, first) < 0 ? due : first;
            }
        }

        return first is null ? null : CustomerDocumentMapper.ParseDate(first);
    }

    public async Task<VersionedDelivery?> ReplaceAsync(WebhookDelivery delivery, string ifMatch, CancellationToken cancellationToken)
    {
        var document = DeliveryDocument.From(delivery);
        return await CosmosCall.ReplaceIfMatchAsync(_container, Serialize(document), document.Id, document.TenantId, ifMatch, cancellationToken) is { } etag
            ? new VersionedDelivery(delivery, etag)
            : null;
    }

    public async Task<WebhookDelivery?> FindAsync(TenantId tenantId, string id, CancellationToken cancellationToken)
    {
        // The id may name another kind of document of the tenant (a webhook): that is no delivery.
        if (await CosmosCall.ReadItemAsync<JsonElement?>(_container, id, tenantId.Value, cancellationToken) is not { } stored
            || !stored.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != DeliveryDocument.Kind)
        {
            return null;
        }

        return stored.Deserialize(DeliveryDocumentJson.Default.DeliveryDocument)?.ToVersioned().Delivery;
    }

    public async Task<DeliveryPage> ListAsync(TenantId tenantId, WebhookId webhookId, DeliveryPosition? after, int pageSize, CancellationToken cancellationToken)
    {
        var before = after is null ? null : CustomerDocumentMapper.FormatDate(after.DateCreated);
        var query = new QueryDefinition(
                "SELECT * FROM c WHERE c.kind = @kind AND c.webhookId = @webhook AND c.dateCreated <= @before ORDER BY c.dateCreated DESC")
            .WithParameter("@kind", DeliveryDocument.Kind)
            .WithParameter("@webhook", webhookId.Value)
            .WithParameter("@before", before ?? "9999");
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId.Value), MaxItemCount = pageSize + 1 };
        using var iterator = _container.GetItemQueryStreamIterator(query, requestOptions: options);
        var read = new List<DeliveryDocument>();
        // Deliveries recorded in the same instant are ordered by id here, so every one that ties with the page's last
        // is read before the page is cut: none is skipped or answered twice across pages.
        while (iterator.HasMoreResults && !(read.Count > pageSize && read[^1].DateCreated != read[pageSize - 1].DateCreated))
        {
            using var response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static page => page.Iterator.ReadNextAsync(page.Token));
            CosmosCall.ThrowUnlessSuccess(response);
            var page = await CosmosJson.ReadAsync<QueryPage<DeliveryDocument>>(response.Content, cancellationToken);
            read.AddRange((page?.Documents ?? []).Where(d => after is null || string.CompareOrdinal(d.DateCreated, before) < 0 || string.CompareOrdinal(d.Id, after.Id) < 0));
        }

        var ordered = read.OrderByDescending(d => d.DateCreated, StringComparer.Ordinal).ThenByDescending(d => d.Id, StringComparer.Ordinal).ToArray();
        return new DeliveryPage([.. ordered.Take(pageSize).Select(d => d.ToVersioned().Delivery)], ordered.Length > pageSize);
    }

    /// <summary>A query across every tenant's partition, up to <paramref name="max"/> documents.</summary>
    private async Task<List<DeliveryDocument>> QueryAsync(QueryDefinition query, int max, CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions { MaxItemCount = max };
        using var iterator = _container.GetItemQueryStreamIterator(query, requestOptions: options);
        var results = new List<DeliveryDocument>();
        while (iterator.HasMoreResults && results.Count < max)
        {
            using var response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static page => page.Iterator.ReadNextAsync(page.Token));
            CosmosCall.ThrowUnlessSuccess(response);
            var page = await CosmosJson.ReadAsync<QueryPage<DeliveryDocument>>(response.Content, cancellationToken);
            results.AddRange(page?.Documents ?? []);
        }

        return results;
    }

    private static MemoryStream Serialize(DeliveryDocument document) =>
        new(JsonSerializer.SerializeToUtf8Bytes(document, DeliveryDocumentJson.Default.DeliveryDocument), writable: false);
}

/// <summary>How a delivery is stored, in its tenant's partition of the webhooks container.</summary>
internal sealed class DeliveryDocument
{
    public const string Kind = "delivery";

    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("tenantId")] public required string TenantId { get; init; }

    [JsonPropertyName("kind")] public string DocumentKind { get; init; } = Kind;

    /// <summary>The container's unique slot: each delivery holds its own id.</summary>
    [JsonPropertyName("slot")] public required string Slot { get; init; }

    [JsonPropertyName("webhookId")] public required string WebhookId { get; init; }

    [JsonPropertyName("customerId")] public required string CustomerId { get; init; }

    [JsonPropertyName("revision")] public required long Revision { get; init; }

    [JsonPropertyName("eventType")] public required string EventType { get; init; }

    [JsonPropertyName("occurredAt")] public required string OccurredAt { get; init; }

    [JsonPropertyName("dateCreated")] public required string DateCreated { get; init; }

    [JsonPropertyName("state")] public required string State { get; init; }

    [JsonPropertyName("attempts")] public required AttemptDocument[] Attempts { get; init; }

    [JsonPropertyName("nextAttemptAt")] public string? NextAttemptAt { get; init; }

    [JsonPropertyName("claimedUntil")] public string? ClaimedUntil { get; init; }

    /// <summary>The write's trace context, which each attempt's span links to.</summary>
    [JsonPropertyName("trace")] public string? Trace { get; init; }

    /// <summary>
    /// Seconds Cosmos DB keeps the delivery after its last write (the container enables TTL with no default, so webhooks and
    /// keys never expire): the contract keeps the log at least 7 days; 30 days is a month of a partner's questions.
    /// </summary>
    [JsonPropertyName("ttl")] public int TimeToLive { get; init; } = RetentionSeconds;

    public const int RetentionSeconds = 30 * 24 * 3600;

    [JsonPropertyName("_etag")] public string? ETag { get; init; }

    public static DeliveryDocument From(WebhookDelivery delivery) => new()
    {
        Id = delivery.Id,
        TenantId = delivery.TenantId.Value,
        Slot = delivery.Id,
        WebhookId = delivery.WebhookId.Value,
        CustomerId = delivery.CustomerId.Value,
        Revision = delivery.Revision,
        EventType = delivery.EventType?.ToString() ?? WebhookDelivery.TestEventType,
        OccurredAt = CustomerDocumentMapper.FormatDate(delivery.OccurredAt),
        DateCreated = CustomerDocumentMapper.FormatDate(delivery.DateCreated),
        State = delivery.State.ToString(),
        Attempts = [.. delivery.Attempts.Select(a => new AttemptDocument(a.Attempt, CustomerDocumentMapper.FormatDate(a.At), a.StatusCode, a.Error, a.DurationMs))],
        NextAttemptAt = delivery.NextAttemptAt is { } next ? CustomerDocumentMapper.FormatDate(next) : null,
        ClaimedUntil = delivery.ClaimedUntil is { } claimed ? CustomerDocumentMapper.FormatDate(claimed) : null,
        Trace = delivery.WriteTrace,
    };

    public VersionedDelivery ToVersioned()
    {
        if (!Domain.Webhooks.WebhookId.TryParse(WebhookId, out var webhookId) || !Domain.Customers.CustomerId.TryParse(CustomerId, out var customerId))
        {
            throw new InvalidOperationException($"Stored delivery '{Id}' names a malformed webhook or customer.");
        }

        var stored = new StoredDelivery(
            Id, Domain.Customers.TenantId.From(TenantId), webhookId, customerId, Revision, EventType == WebhookDelivery.TestEventType ? null : Enum.Parse<CustomerEventType>(EventType), CustomerDocumentMapper.ParseDate(OccurredAt),
            CustomerDocumentMapper.ParseDate(DateCreated), Enum.Parse<DeliveryState>(State),
            [.. Attempts.Select(a => new DeliveryAttempt(a.Attempt, CustomerDocumentMapper.ParseDate(a.At), a.StatusCode, a.Error, a.DurationMs))],
            NextAttemptAt is null ? null : CustomerDocumentMapper.ParseDate(NextAttemptAt),
            ClaimedUntil is null ? null : CustomerDocumentMapper.ParseDate(ClaimedUntil),
            Trace);
        return new VersionedDelivery(WebhookDelivery.Rehydrate(stored), ETag ?? throw new InvalidOperationException($"Stored delivery '{Id}' has no _etag."));
    }
}

internal sealed record AttemptDocument(
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("statusCode")] int? StatusCode,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("durationMs")] long DurationMs);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeliveryDocument))]
[JsonSerializable(typeof(QueryPage<DeliveryDocument>))]
[JsonSerializable(typeof(QueryPage<string>))]
internal sealed partial class DeliveryDocumentJson : JsonSerializerContext;
