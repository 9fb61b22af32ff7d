using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>The webhooks container of the configured account, resolved once.</summary>
public sealed class WebhookContainer(CosmosClient client, IOptions<CosmosOptions> options)
{
    public Container Container { get; } = client.GetContainer(options.Value.Database, options.Value.WebhooksContainer);
}
