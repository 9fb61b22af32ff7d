using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>The webhooks container of the configured account, resolved once.</summary>
public sealed class WebhookContainer(CosmosClient client, IOptions<CosmosOptions> options)
{
    public Container Container { get; } = client.GetContainer(options.Value.Database, options.Value.WebhooksContainer);

    /// <summary>The leases of the change feed processor that feeds the deliveries.</summary>
    public Container Leases { get; } = client.GetContainer(options.Value.Database, options.Value.LeasesContainer);
}

/// <summary>The leases container as the SDK's change feed processor needs it: partitioned by <c>/id</c>.</summary>
public static class LeaseContainerDefinition
{
    public const string PartitionKeyPath = "/id";

    /// <summary>Everything indexed, as the SDK's lease queries expect; declared alike in infra/modules/cosmos.bicep.</summary>
    public static ContainerProperties Build(string containerName)
    {
        var properties = new ContainerProperties(containerName, PartitionKeyPath) { PartitionKeyDefinitionVersion = PartitionKeyDefinitionVersion.V2 };
        properties.IndexingPolicy.IndexingMode = IndexingMode.Consistent;
        properties.IndexingPolicy.Automatic = true;
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/*" });
        return properties;
    }
}
