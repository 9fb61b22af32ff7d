using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// A real redis-server (Debian's package) on a free loopback port, for the tests of the shared rate-limit buckets.
/// Where the machine lacks it the fixture fails saying so (installing is .ci/run's job) — the tests are never skipped. It can be stopped and started again on the same
/// port, to take Redis away from running APIs and give it back.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private Process? _process;

    public RedisServer()
    {
        Executable = FindInstalled();
        Port = FreePort();
        Start();
    }

    public string Executable { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string the API takes as <c>RateLimiting:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public void Start()
    {
        _process = Process.Start(new ProcessStartInfo(Executable)
        {
            // No persistence: each start is an empty Redis, as a restarted cache without a snapshot would be.
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
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

    /// <summary>Kills the server at once, as a crash would.</summary>
    public void Kill()
    {
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

    public void Dispose() => Kill();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
