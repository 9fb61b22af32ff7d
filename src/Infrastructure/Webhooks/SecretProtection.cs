using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Customers;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>
/// How a webhook's signing secret is kept at rest: never in clear text. The host supplies it (ASP.NET Core Data
/// Protection, whose key ring is <see cref="CosmosKeyRing"/>); the store only ever writes what it answers.
/// </summary>
public interface ISecretProtection
{
    string Protect(string secret);

    string Unprotect(string stored);
}

/// <summary>
/// The Data Protection key ring, kept in the webhooks container so that it survives restarts and every replica reads
/// the same keys: one document per key, in a partition no tenant can have (longer than any tenant id).
/// </summary>
public sealed class CosmosKeyRing(WebhookContainer webhooks)
{
    public const string Kind = "dataProtectionKey";

    /// <summary>Longer than <see cref="TenantId.MaxLength"/>: no tenant's partition.</summary>
    public static readonly string Partition = "data-protection-key-ring" + new string('.', TenantId.MaxLength);

    /// <summary>
    /// Data Protection reads its repository synchronously, at start-up in a hosted service whose start the host waits
    /// for: a store that does not answer holds that read no longer than this.
    /// </summary>
    private static readonly TimeSpan SynchronousReadAtMost = TimeSpan.FromSeconds(5);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        try
        {
            using var limit = new CancellationTokenSource(SynchronousReadAtMost);
            return GetAllElementsAsync(limit.Token).WaitAsync(SynchronousReadAtMost).GetAwaiter().GetResult();
        }
        catch (Exception timeout) when (timeout is TimeoutException or OperationCanceledException)
        {
            // Read again at the next use; a request that needs a key meanwhile is a 503, like any call the store did not answer.
            throw new CustomerStoreUnavailableException("The key ring was not read in time.", timeout);
        }
    }

    public void StoreElement(XElement element, string friendlyName) => StoreElementAsync(element, friendlyName, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<IReadOnlyCollection<XElement>> GetAllElementsAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind").WithParameter("@kind", Kind);
        using var iterator = webhooks.Container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(Partition) });
        var elements = new List<XElement>();
        while (iterator.HasMoreResults)
        {
            using var response = await CosmosCall.RunAsync((Iterator: iterator, Token: cancellationToken), static page => page.Iterator.ReadNextAsync(page.Token));
            CosmosCall.ThrowUnlessSuccess(response);
            var page = await CosmosJson.ReadAsync<QueryPage<KeyDocument>>(response.Content, cancellationToken);
            elements.AddRange((page?.Documents ?? []).Select(key => XElement.Parse(key.Xml)));
        }

        return elements;
    }

    private async Task StoreElementAsync(XElement element, string friendlyName, CancellationToken cancellationToken)
    {
        var id = "key-" + friendlyName;
        var document = new KeyDocument(id, Partition, Kind, id, element.ToString(SaveOptions.DisableFormatting));
        using var response = await CosmosCall.RunAsync(
            (Container: webhooks.Container, Document: document, Token: cancellationToken),
            static create => create.Container.CreateItemStreamAsync(
                new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(create.Document, KeyRingJson.Default.KeyDocument)), new PartitionKey(Partition), cancellationToken: create.Token));
        // A key is written once under its own id; a conflict is the same key written again by a retry.
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            CosmosCall.ThrowUnlessSuccess(response);
        }
    }
}

/// <summary>One key of the ring: its XML as Data Protection wrote it (encrypted when a certificate protects the ring).</summary>
internal sealed record KeyDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("tenantId")] string TenantId,
    [property: JsonPropertyName("kind")] string Kind,
    // The container's unique slot: each key holds its own.
    [property: JsonPropertyName("slot")] string Slot,
    [property: JsonPropertyName("xml")] string Xml);

[JsonSerializable(typeof(KeyDocument))]
[JsonSerializable(typeof(QueryPage<KeyDocument>))]
internal sealed partial class KeyRingJson : JsonSerializerContext;
