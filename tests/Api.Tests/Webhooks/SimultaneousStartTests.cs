using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>
/// Replicas of a new deployment start together: each one's change feed processor finds the leases container
/// uninitialized, and the SDK's bootstrapper lets one of them take the initialization lock after another has already
/// marked the store initialized and released it, so that its own mark conflicts (409). Every replica must start anyway.
/// </summary>
[Collection(nameof(ReplicaFailureCollection))]
[Trait(TestSpeed.Category, TestSpeed.Slow)]
public sealed class SimultaneousStartTests(ITestOutputHelper output)
{
    private const int Rounds = 4;
    private const int Replicas = 3;

    [Fact]
    public async Task ThreeDeliveringReplicasStartTogether_OnANewDatabase_EveryOneStartsAndIsReady()
    {
        // The change feed says when it met the race and started again: counted, so the run shows the path was taken.
        var settings = new Dictionary<string, string>(WebhooksApi.Delivering)
        {
            ["Logging:LogLevel:Alvys.Customers.Infrastructure.Webhooks.CustomerChangeFeed"] = "Information",
        };
        var raced = 0;
        for (var round = 0; round < Rounds; round++)
        {
            // A database of its own each round: its leases container is new, as on a first deployment. Processes of
            // their own, as replicas are: each with its own Cosmos client, change feed processor and instance name.
            var database = "alvys-start-" + Guid.NewGuid().ToString("N")[..8];
            var starting = Enumerable.Range(0, Replicas).Select(_ => ApiProcess.StartAsync(database, settings, "Development")).ToArray();
            try
            {
                var failures = new List<string>();
                foreach (var replica in starting)
                {
                    try
                    {
                        var api = await replica;
                        using var client = new HttpClient { BaseAddress = api.BaseAddress };
                        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
                        raced += api.Output.Contains("initialized the change feed's lease store while this one started", StringComparison.Ordinal) ? 1 : 0;
                    }
                    catch (Exception failure)
                    {
                        // A process that exited says so with its output (ApiProcess): the 409 of the lease store's mark.
                        failures.Add(failure.Message);
                    }
                }

                Assert.True(failures.Count == 0, $"round {round + 1}: {failures.Count} of {Replicas} replicas did not start:\n{string.Join("\n", failures)}");
            }
            finally
            {
                foreach (var replica in starting.Where(r => r.IsCompletedSuccessfully))
                {
                    await (await replica).DisposeAsync();
                }
            }
        }

        output.WriteLine($"{Rounds} rounds of {Replicas} replica processes started together on a new database: every one started and was ready; {raced} met the lease store's initialization race and started again");
    }

    /// <summary>
    /// The race's one interleaving, made to happen: the moment this replica's processor has read "not initialized", the
    /// marker appears (another replica finished initializing and released the lock), so its own mark conflicts.
    /// </summary>
    [Fact]
    public async Task TheLeaseStoreIsMarkedInitializedAfterThisReplicaLookedAndBeforeItMarks_TheReplicaStartsAnyway()
    {
        var database = "alvys-start-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>(WebhooksApi.Delivering) { ["environment"] = "Development", ["Cosmos:Database"] = database };
        var (endpoint, key) = SharedCosmos.Connection;
        using var otherReplica = new CosmosClient(endpoint, key, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
        var meanwhile = new MarkedMeanwhile(otherReplica.GetContainer(database, "leases"));
        await using var replica = ApiFactory.With(settings, services => services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CosmosOptions>>().Value;
            var clientOptions = CosmosClientFactory.BuildOptions(options, CosmosClientFactory.EndpointOf(options), sp.GetRequiredService<CosmosRequestCounter>());
            clientOptions.CustomHandlers.Add(meanwhile);
            return new CosmosClient(options.Endpoint, options.Key, clientOptions);
        }));

        _ = replica.Services;

        Assert.True(meanwhile.Marked, "the marker was not created between the processor's look and its mark: the race was not staged");
        Assert.Equal(HttpStatusCode.OK, (await replica.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    /// <summary>On the first "not found" of the lease store's initialization marker, creates that marker as another replica would.</summary>
    private sealed class MarkedMeanwhile(Container leases) : RequestHandler
    {
        public bool Marked { get; private set; }

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            var path = request.RequestUri?.OriginalString ?? string.Empty;
            if (!Marked && request.Method == HttpMethod.Get && response.StatusCode == HttpStatusCode.NotFound
                && path.Contains("/colls/leases/docs/", StringComparison.Ordinal) && path.EndsWith(".info", StringComparison.Ordinal))
            {
                Marked = true;
                var marker = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
                await leases.CreateItemAsync(new Dictionary<string, string> { ["id"] = marker }, new PartitionKey(marker), cancellationToken: cancellationToken);
            }

            return response;
        }
    }
}
