using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.LocalCosmos;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The Cosmos endpoint of this test run: <c>COSMOS_ENDPOINT</c> (with <c>COSMOS_KEY</c>, default the
/// emulator key) when set — a real account or the official emulator — otherwise the bundled local server,
/// started once for the whole run. It stops when the test process ends, because it watches our stdin pipe.
/// </summary>
public static class SharedCosmos
{
    private static readonly Lazy<(string Endpoint, string Key)> Endpoint = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static LocalCosmosServer? _local;

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

        _local = LocalCosmosServer.Start(TimeSpan.FromSeconds(60));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _local.Dispose();
        return (_local.Endpoint.AbsoluteUri, CosmosOptions.EmulatorKey);
    }
}
