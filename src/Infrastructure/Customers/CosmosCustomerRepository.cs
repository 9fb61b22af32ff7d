using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// Customers in Cosmos DB, one logical partition per tenant. Stream APIs throughout: a missing customer
/// is a normal answer, not an exception.
/// </summary>
internal sealed class CosmosCustomerRepository(CustomerContainer customers) : ICustomerRepository, ICustomerSearch
{
    private readonly Container _container = customers.Container;

    public async Task<VersionedCustomer?> FindByIdAsync(TenantId tenantId, CustomerId id, CancellationToken cancellationToken)
    {
        var document = await CosmosCall.ReadItemAsync<CustomerDocument>(_container, id.Value, tenantId.Value, cancellationToken);
        return document is null ? null : CustomerDocumentMapper.ToVersionedCustomer(document);
    }

    public Task<VersionedCustomer?> FindByCompanyNumberAsync(
        TenantId tenantId, string normalizedCompanyNumber, CustomerProjection? projection, CancellationToken cancellationToken) =>
        FindByUniqueKeyAsync(tenantId, "c.keys.companyNumber", normalizedCompanyNumber, projection, cancellationToken);

    public Task<VersionedCustomer?> FindByExternalIdAsync(
        TenantId tenantId, string normalizedExternalId, CustomerProjection? projection, CancellationToken cancellationToken) =>
        FindByUniqueKeyAsync(tenantId, "c.keys.externalId", normalizedExternalId, projection, cancellationToken);

    public async Task<IReadOnlyDictionary<string, VersionedCustomer>> FindManyAsync(
        TenantId tenantId, CustomerKey key, IReadOnlyList<string> values, CustomerProjection? projection, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            return new Dictionary<string, VersionedCustomer>();
        }

        // One query for all of them, inside the tenant's partition: IN over the id or over the unique key the container
        // enforces, one parameter per value.
        var (path, stored, valueOf, keyMember) = key switch
        {
            CustomerKey.Id => ("c.id", values, (Func<VersionedCustomer, string?>)(found => found.Customer.Id.Value), "Id"),
            CustomerKey.CompanyNumber => ("c.keys.companyNumber", values.Select(CustomerDocumentMapper.UniqueKey).ToArray(), found => found.Customer.CompanyNumber?.Normalized, "CompanyNumber"),
            _ => ("c.keys.externalId", values.Select(CustomerDocumentMapper.UniqueKey).ToArray(), found => found.Customer.ExternalId?.Normalized, "ExternalIds"),
        };
        // Each customer found is matched to its value by the key member: a projection fetches it even where it was not asked for.
        projection = projection is null || projection.Members.Contains(keyMember) ? projection : new CustomerProjection(new HashSet<string>(projection.Members) { keyMember });
        var distinct = stored.Distinct(StringComparer.Ordinal).ToArray();
        var query = new QueryDefinition($"{CustomerProjectionQuery.Select(projection)} WHERE {path} IN ({string.Join(", ", distinct.Select((_, i) => $"@key{i}"))})");
        for (var i = 0; i < distinct.Length; i++)
        {
            query = query.WithParameter($"@key{i}", distinct[i]);
        }

        return (await QueryCustomersAsync(tenantId, query, maxItems: distinct.Length, projection, cancellationToken))
            .Where(found => valueOf(found) is not null)
            .ToDictionary(found => valueOf(found)!, StringComparer.Ordinal);
    }

    /// <summary>The customer holding a unique value inside the tenant: at most one, by the unique keys the container enforces.</summary>
    private async Task<VersionedCustomer?> FindByUniqueKeyAsync(
        TenantId tenantId, string path, string normalizedValue, CustomerProjection? projection, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition($"{CustomerProjectionQuery.Select(projection)} WHERE {path} = @key")
            .WithParameter("@key", CustomerDocumentMapper.UniqueKey(normalizedValue));
        return (await QueryCustomersAsync(tenantId, query, maxItems: 1, projection, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Customers a query answers: whole documents, or the partial ones of a projection (members left out are placeholders).</summary>
    private async Task<VersionedCustomer[]> QueryCustomersAsync(
        TenantId tenantId, QueryDefinition query, int maxItems, CustomerProjection? projection, CancellationToken cancellationToken)
    {
        if (projection is null)
        {
            var documents = await QuerySinglePartitionAsync(tenantId, query, maxItems, CustomerDocumentJson.Default.QueryPageCustomerDocument, cancellationToken);
            return [.. documents.Select(CustomerDocumentMapper.ToVersionedCustomer)];
        }

        var partial = await QuerySinglePartitionAsync(tenantId, query, maxItems, CustomerProjectionQuery.PartialPage, cancellationToken);
        return [.. partial.Select(CustomerDocumentMapper.ToPartialCustomer)];
    }

    public async Task<Outcome<string>> AddAsync(Customer customer, CancellationToken cancellationToken) =>
        (await CreateAsync(customer, idMayBeTaken: false, cancellationToken)).Outcome;

    public async Task<Outcome<AddedOnce>> AddOnceAsync(Customer customer, CancellationToken cancellationToken)
    {
        var (outcome, holder) = await CreateAsync(customer, idMayBeTaken: true, cancellationToken);
        return holder is not null ? new AddedOnce(holder, Created: false)
            : outcome.Map(etag => new AddedOnce(new VersionedCustomer(customer, etag), Created: true));
    }

    public async Task<Outcome<string>> ReplaceAsync(Customer customer, string expectedETag, CancellationToken cancellationToken) =>
        (await WriteAsync(customer, (document, stream) =>
            _container.ReplaceItemStreamAsync(
                stream, document.Id, new PartitionKey(document.TenantId), new ItemRequestOptions { IfMatchEtag = expectedETag }, cancellationToken),
            idMayBeTaken: false, cancellationToken)).Outcome;

    private Task<(Outcome<string> Outcome, VersionedCustomer? HolderOfId)> CreateAsync(Customer customer, bool idMayBeTaken, CancellationToken cancellationToken) =>
        WriteAsync(customer, (document, stream) =>
            // Create, never upsert: an existing id or unique value must fail, not overwrite.
            _container.CreateItemStreamAsync(stream, new PartitionKey(document.TenantId), cancellationToken: cancellationToken), idMayBeTaken, cancellationToken);

    /// <summary>
    /// One write and what its answer means. A 409 names no key: when the id may be taken (an id an Idempotency-Key
    /// gave), the customer with that id is read first and handed back; otherwise one query names the unique value and
    /// its holder. If the holder let go of the value in between, another write overtook this one: the caller decides
    /// whether to read and try again (an upsert does, in its one retry loop).
    /// </summary>
    private async Task<(Outcome<string> Outcome, VersionedCustomer? HolderOfId)> WriteAsync(
        Customer customer, Func<CustomerDocument, Stream, Task<ResponseMessage>> write, bool idMayBeTaken, CancellationToken cancellationToken)
    {
        var document = CustomerDocumentMapper.ToDocument(customer);
        using var response = await CosmosCall.RunAsync((Write: write, Document: document), static w => w.Write(w.Document, Serialize(w.Document)));
        switch (response.StatusCode)
        {
            case HttpStatusCode.PreconditionFailed:
                return (new CustomerFailure.VersionStale(), null);
            case HttpStatusCode.NotFound:
                return (new CustomerFailure.NotFound(), null);
            case HttpStatusCode.Conflict:
                if (idMayBeTaken && await FindByIdAsync(customer.TenantId, customer.Id, cancellationToken) is { } holder)
                {
                    return (new CustomerFailure.Duplicate(UniqueField.Id, holder.Customer.Id.Value), holder);
                }

                return (await FindDuplicateAsync(customer.TenantId, document, cancellationToken) ?? (CustomerFailure)new CustomerFailure.WriteContention(), null);
            default:
                CosmosCall.ThrowUnlessSuccess(response);
                return (response.Headers.ETag, null);
        }
    }

    /// <summary>One query finds which unique value collided, and which customer holds it.</summary>
    private async Task<CustomerFailure.Duplicate?> FindDuplicateAsync(TenantId tenantId, CustomerDocument document, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition(
                "SELECT c.id, c.keys FROM c WHERE c.id != @id AND (c.keys.companyNumber = @companyNumber OR c.keys.externalId = @externalId OR c.keys.nameZip = @nameZip)")
            .WithParameter("@id", document.Id)
            .WithParameter("@companyNumber", document.Keys.CompanyNumber)
            .WithParameter("@externalId", document.Keys.ExternalId)
            .WithParameter("@nameZip", document.Keys.NameZip);
        var holders = await QuerySinglePartitionAsync<KeyHolder>(tenantId, query, maxItems: 3, cancellationToken);

        foreach (var (field, key) in new[]
                 {
                     (UniqueField.CompanyNumber, (Func<UniqueKeysDocument, string>)(k => k.CompanyNumber)),
                     (UniqueField.ExternalId, k => k.ExternalId),
                     (UniqueField.NameAndBillingZip, k => k.NameZip),
                 })
        {
            var holder = Array.Find(holders, h => h.Keys is not null && key(h.Keys) == key(document.Keys));
            if (holder is not null)
            {
                return new CustomerFailure.Duplicate(field, holder.Id);
            }
        }

        return null;
    }

    private static MemoryStream Serialize(CustomerDocument document) =>
        new(JsonSerializer.SerializeToUtf8Bytes(document, CosmosJson.Options), writable: false);

    public async Task<IReadOnlyList<VersionedCustomer>> FindPageAsync(
        CustomerSearchFilter filter, int skip, int take, CustomerProjection? projection, CancellationToken cancellationToken)
    {
        // OFFSET/LIMIT in the query: the page is cut where the data is, and ORDER BY rides a composite index (read
        // backwards for a descending order, the id breaking ties in the same direction).
        var path = filter.Sort.Field switch
        {
            CustomerSortField.DateModified => "c.dateModified",
            CustomerSortField.Name => "c.name",
            _ => "c.dateCreated",
        };
        var direction = filter.Sort.Descending ? "DESC" : "ASC";
        // A search of one status orders by it first: every match has that one value, so the order is the same, and Cosmos
        // reads the (status, field, id) composite index from that status's run instead of filtering the (field, id) one.
        var byStatus = filter.Statuses.Distinct().Count() == 1 ? $"c.status {direction}, " : string.Empty;
        var query = SearchQuery(filter, CustomerProjectionQuery.Select(projection), $" ORDER BY {byStatus}{path} {direction}, c.id {direction} OFFSET @skip LIMIT @take")
            .WithParameter("@skip", skip)
            .WithParameter("@take", take);
        return await QueryCustomersAsync(filter.TenantId, query, maxItems: take, projection, cancellationToken);
    }

    public async Task<int> CountAsync(CustomerSearchFilter filter, CancellationToken cancellationToken)
    {
        var counts = await QuerySinglePartitionAsync<int>(filter.TenantId, SearchQuery(filter, "SELECT VALUE COUNT(1) FROM c", string.Empty), maxItems: 1, cancellationToken);
        return counts.Sum();
    }

    private static QueryDefinition SearchQuery(CustomerSearchFilter filter, string select, string tail)
    {
        var statuses = filter.Statuses.Select(s => s.ToName()).ToArray();
        var conditions = new List<string> { $"c.status IN ({string.Join(", ", statuses.Select((_, i) => $"@status{i}"))})" };
        // Stored instants are UTC with a fixed-width fraction, so bounds in the same form compare as strings.
        if (filter.CreatedFrom is not null)
        {
            conditions.Add("c.dateCreated >= @from");
        }

        if (filter.CreatedTo is not null)
        {
            conditions.Add("c.dateCreated <= @to");
        }

        if (filter.ModifiedFrom is not null)
        {
            conditions.Add("c.dateModified >= @modifiedFrom");
        }

        if (filter.ModifiedTo is not null)
        {
            conditions.Add("c.dateModified <= @modifiedTo");
        }

        // The stored unique key is the normalised CompanyNumber behind a marker that no filler has.
        if (filter.CompanyNumberPrefix is not null)
        {
            conditions.Add("STARTSWITH(c.keys.companyNumber, @companyNumberPrefix)");
        }

        // The stored normalised name: a prefix is a range of its index, as for the CompanyNumber.
        if (filter.NamePrefix is not null)
        {
            conditions.Add("STARTSWITH(c.nameKey, @namePrefix)");
        }

        var query = new QueryDefinition($"{select} WHERE {string.Join(" AND ", conditions)}{tail}");
        for (var i = 0; i < statuses.Length; i++)
        {
            query = query.WithParameter($"@status{i}", statuses[i]);
        }

        if (filter.CreatedFrom is { } from)
        {
            query = query.WithParameter("@from", CustomerDocumentMapper.FormatDate(from));
        }

        if (filter.CreatedTo is { } to)
        {
            query = query.WithParameter("@to", CustomerDocumentMapper.FormatDate(to));
        }

        if (filter.ModifiedFrom is { } modifiedFrom)
        {
            query = query.WithParameter("@modifiedFrom", CustomerDocumentMapper.FormatDate(modifiedFrom));
        }

        if (filter.ModifiedTo is { } modifiedTo)
        {
            query = query.WithParameter("@modifiedTo", CustomerDocumentMapper.FormatDate(modifiedTo));
        }

        if (filter.CompanyNumberPrefix is { } prefix)
        {
            query = query.WithParameter("@companyNumberPrefix", CustomerDocumentMapper.UniqueKey(prefix));
        }

        if (filter.NamePrefix is { } namePrefix)
        {
            query = query.WithParameter("@namePrefix", namePrefix);
        }

        return query;
    }

    /// <summary>
    /// One round trip: confined to the tenant's partition with optimistic direct execution, the SDK sends
    /// the query straight to that partition instead of first asking the gateway for a query plan.
    /// </summary>
    private Task<T[]> QuerySinglePartitionAsync<T>(TenantId tenantId, QueryDefinition query, int maxItems, CancellationToken cancellationToken) =>
        QuerySinglePartitionAsync(tenantId, query, maxItems, (JsonTypeInfo<QueryPage<T>>)CosmosJson.Options.GetTypeInfo(typeof(QueryPage<T>)), cancellationToken);

    private async Task<T[]> QuerySinglePartitionAsync<T>(
        TenantId tenantId, QueryDefinition query, int maxItems, JsonTypeInfo<QueryPage<T>> pageJson, CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions
        {
            PartitionKey = new PartitionKey(tenantId.Value),
            EnableOptimisticDirectExecution = true,
            MaxItemCount = maxItems,
        };

        using var iterator = _container.GetItemQueryStreamIterator(query, requestOptions: options);
        var results = new List<T>();
        // Cosmos may end a page early (response size, time budget): follow continuations until the window is full.
        while (iterator.HasMoreResults && results.Count < maxItems)
        {
            using var response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static page => page.Iterator.ReadNextAsync(page.Token));
            CosmosCall.ThrowUnlessSuccess(response);
            var page = await CosmosJson.ReadAsync(response.Content, pageJson, cancellationToken);
            results.AddRange(page?.Documents ?? []);
        }

        return [.. results];
    }
}

internal sealed class KeyHolder
{
    [System.Text.Json.Serialization.JsonPropertyName("id")] public required string Id { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("keys")] public UniqueKeysDocument? Keys { get; init; }
}
