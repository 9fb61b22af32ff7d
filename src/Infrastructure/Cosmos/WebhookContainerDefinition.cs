using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// The webhooks container: the tenant's subscriptions (and, with delivery, their delivery state), one logical partition
/// per tenant. Its own container because the customers container's unique keys do not suit other document types. The
/// Bicep infrastructure declares the same policy, and a test holds the two together.
/// </summary>
public static class WebhookContainerDefinition
{
    public const string PartitionKeyPath = "/tenantId";

    /// <summary>
    /// Each webhook holds one of its tenant's <c>Webhook.MaxPerTenant</c> numbered places: unique per tenant, so that
    /// racing creates cannot exceed the limit. Documents of other kinds store a filler unique to themselves.
    /// </summary>
    public const string SlotPath = "/slot";

    public static ContainerProperties Build(string containerName)
    {
        var properties = new ContainerProperties(containerName, PartitionKeyPath)
        {
            PartitionKeyDefinitionVersion = PartitionKeyDefinitionVersion.V2,
            IndexingPolicy = new IndexingPolicy { Automatic = true, IndexingMode = IndexingMode.Consistent },
            // TTL on, with no default: only documents that carry a ttl of their own expire (deliveries, 30 days after their last write).
            DefaultTimeToLive = -1,
        };
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/kind/?" });
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/dateCreated/?" });
        // What the delivery worker asks of deliveries: the pending ones that are due, and a customer's earlier ones.
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/state/?" });
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/nextAttemptAt/?" });
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/webhookId/?" });
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/customerId/?" });
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/revision/?" });
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/claimedUntil/?" });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        var slot = new UniqueKey();
        slot.Paths.Add(SlotPath);
        properties.UniqueKeyPolicy.UniqueKeys.Add(slot);
        return properties;
    }
}
