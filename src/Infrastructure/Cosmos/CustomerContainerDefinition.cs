using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// The one definition of the customers container: partition key, unique keys and indexing. The Bicep
/// infrastructure declares the same policy, and a test holds the two together.
/// </summary>
public static class CustomerContainerDefinition
{
    public const string PartitionKeyPath = "/tenantId";

    /// <summary>
    /// One path per unique key: multi-path keys are not needed (each rule is one normalised value) and the
    /// local server mishandles them. Unique keys are scoped to a logical partition, i.e. to one tenant.
    /// </summary>
    public static readonly IReadOnlyList<string> UniqueKeyPaths = ["/keys/companyNumber", "/keys/externalId", "/keys/nameZip"];

    /// <summary>The fields a search sorts on (CustomerSortField), as paths.</summary>
    private static readonly string[] SortPaths = ["/dateCreated", "/dateModified", "/name"];

    public static ContainerProperties Build(string containerName)
    {
        var properties = new ContainerProperties(containerName, PartitionKeyPath)
        {
            PartitionKeyDefinitionVersion = PartitionKeyDefinitionVersion.V2,
            IndexingPolicy = BuildIndexingPolicy(),
        };

        foreach (var path in UniqueKeyPaths)
        {
            var uniqueKey = new UniqueKey();
            uniqueKey.Paths.Add(path);
            properties.UniqueKeyPolicy.UniqueKeys.Add(uniqueKey);
        }

        return properties;
    }

    /// <summary>
    /// Only what the queries filter or sort on is indexed, so that a write pays for a handful of index
    /// terms, not for every field of a customer.
    /// </summary>
    private static IndexingPolicy BuildIndexingPolicy()
    {
        var policy = new IndexingPolicy
        {
            Automatic = true,
            IndexingMode = IndexingMode.Consistent,
        };
        foreach (var path in new[] { "/status/?", "/dateCreated/?", "/dateModified/?", "/name/?", "/nameKey/?", "/keys/companyNumber/?", "/keys/externalId/?", "/keys/nameZip/?" })
        {
            policy.IncludedPaths.Add(new IncludedPath { Path = path });
        }

        policy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        // One per order a search offers, each ending in the id that breaks ties; read backwards for a descending order.
        // Each again behind the status: a search for one status orders by it first (one value, so the same order) and
        // reads only that status's run of the index instead of filtering the whole order.
        foreach (var leading in new[] { Array.Empty<string>(), ["/status"] })
        {
            foreach (var field in SortPaths)
            {
                var composite = new Collection<CompositePath>();
                foreach (var path in leading.Append(field).Append("/id"))
                {
                    composite.Add(new CompositePath { Path = path, Order = CompositePathSortOrder.Ascending });
                }

                policy.CompositeIndexes.Add(composite);
            }
        }

        return policy;
    }
}
