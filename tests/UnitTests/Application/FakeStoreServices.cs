using Alvys.Customers.Application;
using Alvys.Customers.Domain.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>The Application as a host registers it (mediator, pipeline, validators), over a store in memory.</summary>
internal static class FakeStoreServices
{
    /// <param name="search">A search of its own (a test double that counts calls), or the store's.</param>
    public static IServiceCollection Over(InMemoryCustomerRepository store, IServiceCollection? services = null, ICustomerSearch? search = null)
    {
        services ??= new ServiceCollection().AddLogging();
        services.AddApplication();
        services.AddSingleton<ICustomerRepository>(store);
        services.AddSingleton(search ?? store);
        services.AddSingleton<ICustomerChanges>(store);
        return services;
    }
}
