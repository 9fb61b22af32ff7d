using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>The customers container of the configured account, resolved once.</summary>
public sealed class CustomerContainer(CosmosClient client, IOptions<CosmosOptions> options)
{
    public Container Container { get; } = client.GetContainer(options.Value.Database, options.Value.Container);
}
