using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Customers;
using Alvys.Customers.Infrastructure.Webhooks;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CosmosOptions>().Bind(configuration.GetSection(CosmosOptions.SectionName));
        services.AddSingleton<CosmosRequestCounter>();
        // One client per process: it owns the connection pool and the account's metadata caches.
        services.AddSingleton(sp => CosmosClientFactory.Create(sp.GetRequiredService<IOptions<CosmosOptions>>().Value, sp.GetRequiredService<CosmosRequestCounter>()));
        services.AddSingleton<CustomerContainer>();
        services.AddSingleton<CosmosCustomerRepository>();
        services.AddSingleton<ICustomerRepository>(sp => sp.GetRequiredService<CosmosCustomerRepository>());
        services.AddSingleton<ICustomerSearch>(sp => sp.GetRequiredService<CosmosCustomerRepository>());
        services.AddSingleton<ICustomerChanges, CosmosCustomerChanges>();
        services.AddSingleton<WebhookContainer>();
        services.AddSingleton<IWebhookRepository, CosmosWebhookRepository>();
        services.AddSingleton<CosmosKeyRing>();
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName));
        services.AddSingleton(WebhookHostResolver.Dns);
        services.AddSingleton<IWebhookEndpoints, WebhookEndpoints>();
        services.AddSingleton<IDeliveryStore, CosmosDeliveryStore>();
        services.AddHostedService<CosmosContainerInitializer>();
        // After the initializer: hosted services start in registration order.
        services.AddSingleton<CustomerNameKeyBackfill>();
        services.AddHostedService(sp => sp.GetRequiredService<CustomerNameKeyBackfill>());
        services.AddHostedService<CustomerChangeFeed>();
        return services;
    }
}
