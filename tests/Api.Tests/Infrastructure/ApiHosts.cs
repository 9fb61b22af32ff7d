namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The API hosts a run shares: one per collection, started once and used by every test class of it in turn, so that
/// a run starts a handful of hosts (each a whole API with its Cosmos client, JIT warm-up and thread-pool work) rather
/// than one per class. The three collections run side by side. Tests that need settings of their own (kill switch,
/// rate limits, telemetry, a faulty database) still start a host of their own; the run's count is written to
/// <see cref="CountFile"/> as each host starts.
/// </summary>
public static class ApiHosts
{
    public const string CustomersApi = "Customers API host";
    public const string PlatformApi = "Platform API host";
    public const string ReliabilityApi = "Reliability API host";

    private static readonly Lock Writing = new();
    private static int _started;

    /// <summary>Beside the test assembly: .ci/run prints it after the tests.</summary>
    public static string CountFile => Path.Combine(AppContext.BaseDirectory, "api-hosts.txt");

    /// <summary>
    /// Called by every host as it is built. The count is written each time, not at exit: the test host's exit handlers
    /// (which also remove the run's containers) may be cut short by the runner.
    /// </summary>
    public static void Started()
    {
        lock (Writing)
        {
            File.WriteAllText(CountFile, $"API hosts started: {++_started}\n");
        }
    }
}

[CollectionDefinition(ApiHosts.CustomersApi)]
public sealed class CustomersApiHost : ICollectionFixture<ApiFactory>, ICollectionFixture<TestServersReport>;

/// <summary>
/// Says once, in the test command's own output, which path the run's test servers take (xunit's diagnostic messages,
/// switched on in xunit.runner.json): a run on host processes is never mistaken for one on containers.
/// </summary>
public sealed class TestServersReport
{
    private static int _reported;

    /// <summary>A fixture of each shared-host collection, so that any run of them says it; only the first one does.</summary>
    public TestServersReport(Xunit.Abstractions.IMessageSink diagnostics)
    {
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            diagnostics.OnMessage(new Xunit.Sdk.DiagnosticMessage(TestServers.Description));
        }
    }
}

[CollectionDefinition(ApiHosts.PlatformApi)]
public sealed class PlatformApiHost : ICollectionFixture<ApiFactory>, ICollectionFixture<TestServersReport>;

[CollectionDefinition(ApiHosts.ReliabilityApi)]
public sealed class ReliabilityApiHost : ICollectionFixture<ApiFactory>, ICollectionFixture<TestServersReport>;
