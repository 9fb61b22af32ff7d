using Alvys.Customers.Application;
using Alvys.Customers.Domain.Customers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>The Application as a host registers it (mediator, pipeline, validators), over a store in memory.</summary>
internal static class FakeStoreServices
{
    /// <param name="search">A search of its own (a test double that counts calls), or the store's.</param>
    public static IServiceCollection Over(InMemoryCustomerRepository store, IServiceCollection? services = null, ICustomerSearch? search = null)
    {
        services ??= new ServiceCollection().AddLogging();
        // Verifications are recorded, not sent: in before the Application's own queue, unless a test gave its own.
        services.TryAddSingleton<Alvys.Customers.Application.Webhooks.IWebhookVerifications>(new RecordedVerifications());
        services.AddApplication();
        services.AddSingleton<ICustomerRepository>(store);
        services.AddSingleton(search ?? store);
        services.AddSingleton<ICustomerChanges>(store);
        // The webhook handlers are built with the mediator too: their ports, in memory, unless a test gave its own.
        services.TryAddSingleton<Alvys.Customers.Domain.Webhooks.IWebhookRepository>(new InMemoryWebhookRepository());
        services.TryAddSingleton<Alvys.Customers.Domain.Webhooks.IWebhookEndpoints>(new FakeWebhookEndpoints());
        services.TryAddSingleton(new Alvys.Customers.Application.Webhooks.WebhookTargets(AllowLoopback: false));
        services.TryAddSingleton<Alvys.Customers.Domain.Webhooks.IDeliveryStore>(new InMemoryDeliveryStore());
        return services;
    }
}
