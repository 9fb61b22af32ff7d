using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Alvys.Customers.Application;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Queries.GetCustomer;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Bench;

/// <summary>
/// The cost of dispatch alone: one GetCustomer through the application pipeline (logging → validation → handler)
/// over an in-memory store, sent by the source-generated Mediator and by the reflection-cached dispatcher the
/// service used before it (ADR 0001's algorithm, over the same handlers and behaviours). Rounds alternate
/// between the two, so drift in the machine falls on both.
/// </summary>
internal static class DispatchBenchmark
{
    public static async Task<int> Run(int rounds, int sendsPerRound)
    {
        var store = new OneCustomerStore();
        var services = new ServiceCollection().AddLogging().AddApplication();
        services.AddSingleton<ICustomerRepository>(store).AddSingleton<ICustomerSearch>(store).AddSingleton<ICustomerChanges>(store);
        await using var provider = services.BuildServiceProvider();
        var mediator = provider.GetRequiredService<ISender>();
        var senders = new (string Name, Func<GetCustomer, ValueTask<Outcome<CustomerRead>>> Send)[]
        {
            ("mediator (source-generated)", query => mediator.Send(query)),
            ("reflection-cached dispatcher", new ReflectionCachedDispatcher(provider).Send),
        };
        var request = GetCustomer.ById(store.Tenant, store.Stored.Customer.Id.Value);

        foreach (var (_, send) in senders)
        {
            await MeasureAsync(send, request, sendsPerRound);
        }

        var results = senders.ToDictionary(s => s.Name, _ => new List<(double Ns, double Bytes)>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, send) in round % 2 == 0 ? senders : senders.Reverse())
            {
                results[name].Add(await MeasureAsync(send, request, sendsPerRound));
            }
        }

        Console.WriteLine($"| dispatcher | ns per send (median of {rounds} rounds × {sendsPerRound}) | bytes allocated per send |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, samples) in results)
        {
            var ns = samples.Select(s => s.Ns).Order().ElementAt(samples.Count / 2);
            var bytes = samples.Select(s => s.Bytes).Order().ElementAt(samples.Count / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ns:0} | {bytes:0} |"));
        }

        return 0;
    }

    private static async Task<(double Ns, double Bytes)> MeasureAsync(
        Func<GetCustomer, ValueTask<Outcome<CustomerRead>>> send, GetCustomer request, int count)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var result = await send(request);
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException($"The benchmark's read failed: {result.Name}.");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed.TotalNanoseconds / count, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count);
    }

    /// <summary>The in-house dispatcher of ADR 0001: one typed invoker per request type, built once by reflection; handler and behaviours resolved per call.</summary>
    private sealed class ReflectionCachedDispatcher(IServiceProvider services)
    {
        private static readonly ConcurrentDictionary<Type, object> Invokers = new();

        public ValueTask<Outcome<CustomerRead>> Send(GetCustomer request) => Send<Outcome<CustomerRead>>(request);

        private ValueTask<TResponse> Send<TResponse>(IQuery<TResponse> request)
        {
            var invoker = (Invoker<TResponse>)Invokers.GetOrAdd(
                request.GetType(),
                static type => Activator.CreateInstance(typeof(Invoker<,>).MakeGenericType(type, typeof(TResponse)))!);
            return invoker.Invoke(request, services);
        }

        private abstract class Invoker<TResponse>
        {
            public abstract ValueTask<TResponse> Invoke(IQuery<TResponse> request, IServiceProvider services);
        }

        private sealed class Invoker<TRequest, TResponse> : Invoker<TResponse>
            where TRequest : IQuery<TResponse>
        {
            public override ValueTask<TResponse> Invoke(IQuery<TResponse> request, IServiceProvider services)
            {
                var handler = services.GetRequiredService<IQueryHandler<TRequest, TResponse>>();
                MessageHandlerDelegate<TRequest, TResponse> next = (message, token) => handler.Handle(message, token);
                foreach (var behavior in services.GetServices<IPipelineBehavior<TRequest, TResponse>>().Reverse())
                {
                    var inner = next;
                    next = (message, token) => behavior.Handle(message, inner, token);
                }

                return next((TRequest)request, CancellationToken.None);
            }
        }
    }

    private sealed class OneCustomerStore : ICustomerRepository, ICustomerSearch, ICustomerChanges
    {
        public TenantId Tenant { get; } = TenantId.From("bench-dispatch");

        public VersionedCustomer Stored { get; }

        public OneCustomerStore() => Stored = new VersionedCustomer(
            Customer.Create(Tenant, new CustomerPatch { Name = "Dispatch Co", Type = CustomerType.Customer, CompanyNumber = "DISPATCH-1" }, DateTimeOffset.UtcNow).Value,
            "\"00000000-0000-0000-0000-000000000001\"");

        public Task<VersionedCustomer?> FindByIdAsync(TenantId tenantId, CustomerId id, CancellationToken cancellationToken) =>
            Task.FromResult<VersionedCustomer?>(Stored);

        public Task<VersionedCustomer?> FindByCompanyNumberAsync(TenantId tenantId, string normalizedCompanyNumber, CustomerProjection? projection, CancellationToken cancellationToken) =>
            Task.FromResult<VersionedCustomer?>(Stored);

        public Task<VersionedCustomer?> FindByExternalIdAsync(TenantId tenantId, string normalizedExternalId, CustomerProjection? projection, CancellationToken cancellationToken) =>
            Task.FromResult<VersionedCustomer?>(Stored);

        public Task<IReadOnlyDictionary<string, VersionedCustomer>> FindManyAsync(TenantId tenantId, CustomerKey key, IReadOnlyList<string> values, CustomerProjection? projection, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<Outcome<CustomerChanges>> ReadAsync(TenantId tenantId, ChangesStart start, int pageSize, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Outcome<string>> AddAsync(Customer customer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Outcome<AddedOnce>> AddOnceAsync(Customer customer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Outcome<string>> ReplaceAsync(Customer customer, string expectedETag, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<VersionedCustomer>> FindPageAsync(CustomerSearchFilter filter, int skip, int take, CustomerProjection? projection, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> CountAsync(CustomerSearchFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
