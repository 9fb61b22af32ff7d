using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The API as a process of its own (the build beside this test assembly, run with <c>dotnet</c>), on a loopback port
/// of its own, configured through environment variables as a container would be: what a test may kill with SIGKILL,
/// as a replica dies in Azure, where an in-process host can only be disposed politely.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly string _home;

    private ApiProcess(Process process, Uri baseAddress, string home)
    {
        _home = home;
        _process = process;
        Id = process.Id;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The process id, which the API puts in its change feed processor's instance name (and so in the lease it owns).</summary>
    public int Id { get; }

    /// <summary>Every line the process wrote so far: what a failed assertion shows.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the API on the run's Cosmos endpoint with the test token issuer, a database of the caller's choosing (a test
    /// that kills processes keeps their change feed leases away from the run's other hosts) and extra settings, and
    /// answers once <c>/health/ready</c> says 200 (within 60 s).
    /// </summary>
    public static async Task<ApiProcess> StartAsync(string database, IReadOnlyDictionary<string, string> settings, string environmentName = "Testing")
    {
        var (endpoint, key) = SharedCosmos.Connection;
        var baseAddress = new Uri($"http://127.0.0.1:{TestServers.FreePort()}");
        var home = Directory.CreateTempSubdirectory("alvys-api-home-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Alvys.Customers.Api.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseAddress.AbsoluteUri,
            ["ASPNETCORE_ENVIRONMENT"] = environmentName,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            // No user secrets of this machine's user: the process sees only what the test gives it.
            ["HOME"] = home,
        };
        foreach (var (name, value) in ApiFactory.BaseSettings(endpoint, key, database).Concat(settings))
        {
            environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var api = new ApiProcess(process, baseAddress, home);
        process.OutputDataReceived += (_, line) => api.Append(line.Data);
        process.ErrorDataReceived += (_, line) => api.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await api.ReadyAsync(TimeSpan.FromSeconds(60));
        return api;
    }

    /// <summary>A client for this process whose every request carries a token for <paramref name="tenantId"/> with <paramref name="scopes"/>.</summary>
    public HttpClient ClientFor(string tenantId, params string[] scopes)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(tenantId, scopes));
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no drained requests, no released leases — a replica's sudden death.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as Container Apps and <c>docker stop</c> send it: answers the exit code and how long the process took.</summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, SendSignal(Id, Sigterm));
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"The API process did not exit within {within.TotalSeconds} s of SIGTERM:\n{Output}");
        }

        return (_process.ExitCode, clock.Elapsed);
    }

    private const int Sigterm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private async Task ReadyAsync(TimeSpan within)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + within;
        while (true)
        {
            Assert.False(_process.HasExited, $"The API process exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, not answering yet.
            }

            Assert.True(DateTime.UtcNow < until, $"The API process was not ready within {within.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
