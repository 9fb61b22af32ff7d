using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Images;
using Alvys.Customers.LocalCosmos;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// Where the servers a test run needs (the local Cosmos server, Redis, the production API image) run: Docker containers
/// started with Testcontainers from the images <c>tools/images/make-test-images</c> makes, or host processes where no
/// Docker daemon answers. <c>ALVYS_TEST_SERVERS=containers</c> (CI) insists on containers and fails, saying why, where
/// they cannot run; <c>processes</c> insists on host processes; unset, a daemon that answers and has the images decides.
/// The choice is made once per run and written to <see cref="RunFile"/> (and so printed by .ci/run).
/// </summary>
public static class TestServers
{
    public const string Variable = "ALVYS_TEST_SERVERS";
    public const string CosmosImage = "alvys-local/cosmos-local:latest";
    public const string RedisImage = "alvys-local/redis:7.0";

    private static readonly Lazy<(bool Containers, string Why)> Decision = new(Decide, LazyThreadSafetyMode.ExecutionAndPublication);

    static TestServers()
    {
        // Testcontainers' Docker client speaks a newer API than some daemons (Debian's dockerd 20.10: 1.41) and takes the
        // version from DOCKER_API_VERSION: where that is unset, the daemon's own version, before any client is made.
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION")))
        {
            using var docker = DockerEngine.Connect();
            if (docker?.ApiVersion() is { } version)
            {
                Environment.SetEnvironmentVariable("DOCKER_API_VERSION", version);
            }
        }

        // No registry serves Testcontainers' resource reaper (Ryuk) here: every container is removed by the fixture that
        // started it, when the test run ends, and .ci/run checks that none is left.
        TestcontainersSettings.ResourceReaperEnabled = false;
    }

    /// <summary>The production image under test (<c>ALVYS_API_IMAGE</c>, default what make-test-images tags).</summary>
    public static string ApiImage => Environment.GetEnvironmentVariable("ALVYS_API_IMAGE") is { Length: > 0 } image ? image : "alvys-customers-api:test";

    public static bool InContainers => Decision.Value.Containers;

    /// <summary>One plain line: which path this run takes, and why.</summary>
    public static string Description => Decision.Value.Why;

    public static string RunFile => Path.Combine(AppContext.BaseDirectory, "test-servers.txt");

    /// <summary>A free loopback port: every container runs on the host's network and listens where it is told.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// A container on the host's network (so that every byte stays on loopback and the ports are the ones the test chose),
    /// removed at the end of the run if the test has not removed it before.
    /// </summary>
    public static ContainerBuilder Container(string image) =>
        new ContainerBuilder(image)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCreateParameterModifier(OnHostNetwork)
            .WithLabel("alvys.tests", "1");

    /// <summary>No network of the container's own: it shares the host's, where it listens on loopback only.</summary>
    public static void OnHostNetwork(Docker.DotNet.Models.CreateContainerParameters parameters) => (parameters.HostConfig ??= new()).NetworkMode = "host";

    /// <summary>
    /// Stops and removes <paramref name="server"/> when the test process ends (run-wide servers). A failure is written to
    /// <see cref="RunFile"/>, which .ci/run prints, and the container it leaves fails CI's check for leftovers.
    /// </summary>
    public static void RemoveAtExit(IAsyncDisposable server) =>
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception exception)
            {
                File.AppendAllText(RunFile, $"Removing a test server at exit failed: {exception.Message}\n");
            }
        };

    /// <summary>Every published port bound to 127.0.0.1 only: nothing but this machine can reach a test server.</summary>
    public static void PublishOnLoopbackOnly(Docker.DotNet.Models.CreateContainerParameters parameters)
    {
        foreach (var binding in parameters.HostConfig?.PortBindings?.Values.SelectMany(bindings => bindings) ?? [])
        {
            binding.HostIP = "127.0.0.1";
        }
    }

    private static (bool, string) Decide()
    {
        var wanted = Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant();
        var (containers, why) = wanted switch
        {
            "processes" => (false, $"host processes ({Variable}=processes)"),
            "containers" => (true, ContainersFeasible() is { } problem
                ? throw new InvalidOperationException($"{Variable}=containers, but {problem}")
                : $"containers ({Variable}=containers)"),
            null or "" => ContainersFeasible() is { } problem
                ? (false, $"host processes ({problem})")
                : (true, "containers (a Docker daemon answers and has the images)"),
            _ => throw new InvalidOperationException($"{Variable} is '{wanted}'; it takes 'containers' or 'processes'."),
        };
        var line = $"Test servers: {why}";
        File.WriteAllText(RunFile, line + "\n");
        return (containers, line);
    }

    /// <summary>Null where containers can run; otherwise what stands in the way, in words a newcomer can act on.</summary>
    private static string? ContainersFeasible()
    {
        using var docker = DockerEngine.Connect();
        if (docker is null)
        {
            return "no Docker daemon answers at DOCKER_HOST or /var/run/docker.sock";
        }

        var missing = new[] { CosmosImage, RedisImage, ApiImage }.Where(image => !docker.HasImage(image)).ToList();
        return missing.Count == 0 ? null : $"the Docker daemon lacks {string.Join(", ", missing)} (tools/images/make-test-images makes them)";
    }
}

/// <summary>A Cosmos-compatible endpoint of the test run's own: the local server in a container, or as a Node process.</summary>
public sealed class CosmosServer : IAsyncDisposable
{
    private readonly IAsyncDisposable _server;

    private CosmosServer(Uri endpoint, IAsyncDisposable server)
    {
        Endpoint = endpoint;
        _server = server;
    }

    public Uri Endpoint { get; }

    public static async Task<CosmosServer> StartAsync()
    {
        if (!TestServers.InContainers)
        {
            var process = LocalCosmosServer.Start(TimeSpan.FromSeconds(60));
            return new CosmosServer(process.Endpoint, new Disposer(process.Dispose));
        }

        var port = TestServers.FreePort();
        var container = TestServers.Container(TestServers.CosmosImage)
            // It sees this machine's process ids and ends when this test process does, even killed before its clean-up;
            // the daemon then removes it.
            .WithCommand("--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--stop-when-pid-gone", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithCreateParameterModifier(parameters =>
            {
                var host = parameters.HostConfig ??= new();
                host.PidMode = "host";
                host.AutoRemove = true;
            })
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("cosmos-local ready at "))
            .Build();
        try
        {
            await container.StartAsync();
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }

        return new CosmosServer(new Uri($"http://127.0.0.1:{port}/"), container);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        ValueTask IAsyncDisposable.DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}
