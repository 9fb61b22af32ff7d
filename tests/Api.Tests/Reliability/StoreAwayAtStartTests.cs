using System.Diagnostics;
using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Api.Tests.Webhooks;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Reliability;

/// <summary>
/// A replica that starts while the store does not answer (a deployment during an outage, a network not yet up): it
/// starts all the same — alive, not ready, 503 like in any outage — and once the store answers it serves and delivers
/// webhooks without a restart. Before, the change feed processor's failed start failed the host, and the process aborted.
/// </summary>
[Collection(nameof(ReplicaFailureCollection))]
[Trait(TestSpeed.Category, TestSpeed.Slow)]
public sealed class StoreAwayAtStartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _database = "alvys-away-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _tenant = ApiFactory.NewTenant();
    private LoopbackReceiver _receiver = null!;
    private FaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _receiver = await LoopbackReceiver.StartAsync();
        var (endpoint, key) = SharedCosmos.Connection;
        _proxy = new FaultProxy(new Uri(endpoint));
        // The containers exist (in Azure the deployment creates them); the API does not create them here.
        using var client = new CosmosClient(endpoint, key, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
        Database database = await client.CreateDatabaseIfNotExistsAsync(_database);
        var names = new CosmosOptions();
        await database.CreateContainerIfNotExistsAsync(CustomerContainerDefinition.Build(names.Container));
        await database.CreateContainerIfNotExistsAsync(WebhookContainerDefinition.Build(names.WebhooksContainer));
        await database.CreateContainerIfNotExistsAsync(LeaseContainerDefinition.Build(names.LeasesContainer));
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task StoreSilentAtStart_TheApiStartsNotReady_ThenServesAndDeliversOnceTheStoreAnswers()
    {
        _proxy.Set(FaultProxy.Mode.Silent);
        await using var api = ApiFactory.OnEndpoint((_proxy.Endpoint.AbsoluteUri, CosmosOptions.EmulatorKey), new Dictionary<string, string>(WebhooksApi.Delivering)
        {
            ["environment"] = "Development",
            ["Cosmos:Database"] = _database,
            ["Cosmos:InitializeContainer"] = "false",
            ["Cosmos:RequestTimeoutSeconds"] = "1",
            ["Health:CosmosTimeoutSeconds"] = "1",
            ["Webhooks:VerificationTimeout"] = "00:00:01",
        });

        var clock = Stopwatch.StartNew();
        _ = api.Services;
        output.WriteLine($"started with the store silent in {clock.Elapsed.TotalSeconds:0.0} s");
        // The host waits 10 s for the change feed processor (whose own retries take over a minute against a silent store).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the start took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.CreateClient().GetAsync("/health/ready")).StatusCode);

        _proxy.Set(FaultProxy.Mode.Pass);
        clock.Restart();
        await UntilAsync(async () => (await api.CreateClient().GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "ready");
        output.WriteLine($"ready {clock.Elapsed.TotalSeconds:0.0} s after the store answered again");

        var url = _receiver.NewEndpoint();
        var manager = api.ClientFor(_tenant, "webhook:read", "webhook:manage");
        var webhook = await WebhooksApi.CreateAsync(manager, new { Name = "After the outage", Url = url, Events = new[] { "customer.created" } });
        var (settled, _) = await WebhooksApi.SettledAsync(manager, webhook.GetProperty("Id").GetString()!);
        Assert.Equal("Active", settled.GetProperty("Status").GetString());

        var (customerId, _) = await api.ClientFor(_tenant, "customer:create").CreateAsync(new { Name = Unique("Written After The Outage"), Type = "Customer" });
        await UntilAsync(
            () => Task.FromResult(_receiver.ReceivedBy(url).Any(r => r.Headers.ContainsKey("X-Alvys-Event-Id") && r.Body.Contains(customerId, StringComparison.Ordinal))),
            "the created event");
        output.WriteLine($"the customer's created event delivered {clock.Elapsed.TotalSeconds:0.0} s after the store answered again");
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(until.Elapsed < TimeSpan.FromSeconds(45), $"{what}: not within 45 s");
            await Task.Delay(250);
        }
    }
}
