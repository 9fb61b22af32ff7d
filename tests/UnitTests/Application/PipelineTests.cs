using Alvys.Customers.Application;
using Alvys.Customers.Application.Customers.Queries.GetCustomer;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>
/// The pipeline as <c>AddApplication</c> wires it into the source-generated mediator: logging outermost,
/// validation inside it, then the handler.
/// </summary>
public sealed class PipelineTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");
    private readonly InMemoryCustomerRepository _store = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly ServiceProvider _services;

    public PipelineTests()
    {
        _services = FakeStoreServices.Over(_store, new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(_logs)))
            .BuildServiceProvider();
    }

    [Fact]
    public async Task InvalidRequest_IsAnsweredByValidation_WithoutReachingTheHandler()
    {
        var sender = _services.GetRequiredService<ISender>();

        var result = await sender.Send(new GetCustomer(Tenant, null, null));

        Assert.Equal("query", Assert.Single(Assert.IsType<CustomerFailure.Invalid>(result.Failure).Errors).Identifier);
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public async Task ValidRequest_ReachesTheHandler()
    {
        var sender = _services.GetRequiredService<ISender>();

        var result = await sender.Send(GetCustomer.ById(Tenant, "0123456789abcdef0123456789abcdef"));

        Assert.IsType<CustomerFailure.NotFound>(result.Failure);
        Assert.Single(_store.Calls);
    }

    [Fact]
    public async Task Logging_WrapsValidation_AndNamesTheOutcome()
    {
        var sender = _services.GetRequiredService<ISender>();

        await sender.Send(new GetCustomer(Tenant, null, null));
        await sender.Send(GetCustomer.ById(Tenant, "0123456789abcdef0123456789abcdef"));

        Assert.Collection(
            _logs.Messages.Where(m => m.StartsWith("Handled ", StringComparison.Ordinal)),
            m => Assert.StartsWith("Handled GetCustomer: Invalid in ", m, StringComparison.Ordinal),
            m => Assert.StartsWith("Handled GetCustomer: NotFound in ", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Mediator_IsOneInstanceForTheProcess()
    {
        using var first = _services.CreateScope();
        using var second = _services.CreateScope();

        Assert.Same(first.ServiceProvider.GetRequiredService<ISender>(), second.ServiceProvider.GetRequiredService<ISender>());
    }

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return _messages.ToArray();
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void Dispose()
        {
        }

        private sealed class Recorder(RecordingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider._messages)
                {
                    provider._messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
