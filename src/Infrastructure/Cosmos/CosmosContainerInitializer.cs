using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>Creates the database and the customers and webhooks containers at start-up where the service owns them (Development).</summary>
internal sealed class CosmosContainerInitializer(CosmosClient client, IOptions<CosmosOptions> options, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!(settings.InitializeContainer ?? environment.IsDevelopment()))
        {
            return;
        }

        Database database = await client.CreateDatabaseIfNotExistsAsync(settings.Database, cancellationToken: cancellationToken);
        await database.CreateContainerIfNotExistsAsync(CustomerContainerDefinition.Build(settings.Container), cancellationToken: cancellationToken);
        await database.CreateContainerIfNotExistsAsync(WebhookContainerDefinition.Build(settings.WebhooksContainer), cancellationToken: cancellationToken);
        await database.CreateContainerIfNotExistsAsync(LeaseContainerDefinition.Build(settings.LeasesContainer), cancellationToken: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
