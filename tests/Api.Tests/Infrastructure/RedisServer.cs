using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Networks;
using Testcontainers.Redis;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// A real redis-server (Debian's package) on a free loopback port, for the tests of the shared rate-limit buckets: in a
/// container (Testcontainers.Redis, the image tools/images/redis.Dockerfile makes) or as a host process
/// (<see cref="TestServers"/>). Where the host-process path finds no redis-server the fixture fails saying so
/// (installing is .ci/run's job) — the tests are never skipped. It can be stopped and started again on the same port,
/// to take Redis away from running APIs and give it back.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly string[] Ephemeral = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];

    private readonly RedisContainer? _container;
    private readonly INetwork? _network;
    private Process? _process;

    public RedisServer()
    {
        Port = TestServers.FreePort();
        if (TestServers.InContainers)
        {
            // On a network of its own, Redis's port published on this loopback port alone: the same port after every
            // restart, so that running APIs find Redis again where they left it.
            _network = new NetworkBuilder().WithName("alvys-tests-redis-" + Guid.NewGuid().ToString("N")[..8]).Build();
            _network.CreateAsync().GetAwaiter().GetResult();
            _container = new RedisBuilder(TestServers.RedisImage)
                .WithImagePullPolicy(DotNet.Testcontainers.Images.PullPolicy.Never)
                .WithNetwork(_network)
                .WithPortBinding(Port, RedisBuilder.RedisPort)
                .WithCreateParameterModifier(TestServers.PublishOnLoopbackOnly)
                .WithLabel("alvys.tests", "1")
                .Build();
        }
        else
        {
            Executable = FindInstalled();
        }

        try
        {
            Start();
        }
        catch
        {
            // xunit has no instance to dispose when the constructor throws: the container and network go here.
            Dispose();
            throw;
        }
    }

    /// <summary>redis-server on the host-process path; null in a container.</summary>
    public string? Executable { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string the API takes as <c>RateLimiting:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public void Start()
    {
        if (_container is not null)
        {
            _container.StartAsync().GetAwaiter().GetResult();
            Assert.True(Answers(), $"The Redis container reported ready but does not answer PING on port {Port}.");
            return;
        }

        // No persistence: each start is an empty Redis, as a restarted cache without a snapshot would be.
        var start = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(Ephemeral))
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!Answers())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"redis-server did not answer PING on port {Port} (exited: {_process.HasExited}).");
            }

            Thread.Sleep(50);
        }
    }

    /// <summary>Takes the server away at once: the process killed, as a crash would; the container stopped.</summary>
    public void Kill()
    {
        if (_container is not null)
        {
            _container.StopAsync().GetAwaiter().GetResult();
            return;
        }

        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            stream.ReadTimeout = 1000;
            var read = stream.Read(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_container is not null)
        {
            _container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _network!.DeleteAsync().GetAwaiter().GetResult();
            return;
        }

        Kill();
    }

    /// <summary>Installing is the test command's job (.ci/run); a machine without redis-server is told so, plainly.</summary>
    private static string FindInstalled() =>
        Find() ?? throw new InvalidOperationException(
            "The shared rate-limit tests need redis-server, which this machine lacks. Install Debian's redis-server package " +
            "(apt-get install redis-server), or run .ci/run, which installs it, and run the tests again.");

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/sbin")
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);
}
