using Alvys.Customers.Infrastructure.Cosmos;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The Cosmos endpoint of this test run: <c>COSMOS_ENDPOINT</c> (with <c>COSMOS_KEY</c>, default the
/// emulator key) when set — a real account or the official emulator — otherwise the bundled local server,
/// started once for the whole run, in a container or as a process (<see cref="TestServers"/>), and stopped
/// when the test process ends.
/// </summary>
public static class SharedCosmos
{
    private static readonly Lazy<(string Endpoint, string Key)> Endpoint = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static (string Endpoint, string Key) Connection => Endpoint.Value;

    /// <summary>One database per run, so runs against a shared account never see each other's customers.</summary>
    public static string DatabaseName { get; } = "alvys-tests-" + Guid.NewGuid().ToString("N")[..8];

    private static (string Endpoint, string Key) Start()
    {
        var configured = Environment.GetEnvironmentVariable("COSMOS_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, Environment.GetEnvironmentVariable("COSMOS_KEY") ?? CosmosOptions.EmulatorKey);
        }

        var server = CosmosServer.StartAsync().GetAwaiter().GetResult();
        TestServers.RemoveAtExit(server);
        return (server.Endpoint.AbsoluteUri, CosmosOptions.EmulatorKey);
    }
}
