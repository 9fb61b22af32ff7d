using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Alvys.Customers.Api.Tests.Infrastructure;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace Alvys.Customers.Api.Tests.Deployment;

/// <summary>
/// The API as it ships: the production image (src/Api/Dockerfile, <see cref="TestServers.ApiImage"/>) started with
/// Testcontainers on a read-only root filesystem, in the Production environment, configured through environment
/// variables alone as Container Apps configures it — or, on the host-process path, the API build beside the tests (Debug)
/// as a process of its own in the Production environment. A database of its own: its change feed leases stay away from the run's other hosts.
/// </summary>
public class ProductionApi : IAsyncLifetime
{
    private readonly string _environment;
    private IContainer? _container;
    private ApiProcess? _process;

    public ProductionApi()
        : this("Production")
    {
    }

    protected ProductionApi(string environment) => _environment = environment;

    public string Database { get; } = "alvys-image-" + Guid.NewGuid().ToString("N")[..8];

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running container (null on the host-process path).</summary>
    public IContainer? Container => _container;

    /// <summary>The settings every start gets: the run's Cosmos endpoint and test token issuer.</summary>
    public Dictionary<string, string> Settings
    {
        get
        {
            var (endpoint, key) = SharedCosmos.Connection;
            var settings = ApiFactory.BaseSettings(endpoint, key, Database);
            if (_environment == "Development")
            {
                // The walkthrough's receiver listens on this machine's loopback, as it does beside `dotnet run`
                // (a setting Production refuses to start with).
                settings["Webhooks:AllowLoopbackTargets"] = "true";
            }

            return settings;
        }
    }

    public async Task InitializeAsync() => await StartAsync();

    public async Task StartAsync()
    {
        if (!TestServers.InContainers)
        {
            _process = await ApiProcess.StartAsync(Database, Settings, _environment);
            BaseAddress = _process.BaseAddress;
            return;
        }

        BaseAddress = new Uri($"http://127.0.0.1:{TestServers.FreePort()}");

        var builder = TestServers.Container(TestServers.ApiImage)
            // On the host's network the image's own binding (every interface, port 8080) would be the host's: loopback and
            // a free port instead, the only change.
            .WithEnvironment("ASPNETCORE_URLS", BaseAddress.AbsoluteUri)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", _environment)
            .WithCreateParameterModifier(parameters => (parameters.HostConfig ??= new()).ReadonlyRootfs = true)
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(new ReadyAt(BaseAddress), wait => wait.WithTimeout(TimeSpan.FromSeconds(90))));
        if (_environment == "Development")
        {
            // Development watches the user-secrets folder under HOME (it creates it): a scratch home, the rest read-only.
            builder = builder.WithCreateParameterModifier(parameters =>
                ((parameters.HostConfig ??= new()).Tmpfs ??= new Dictionary<string, string>())["/home/app"] = "uid=1654,gid=1654,mode=0700");
        }

        foreach (var (name, value) in Settings)
        {
            builder = builder.WithEnvironment(name.Replace(":", "__", StringComparison.Ordinal), value);
        }

        _container = builder.Build();
        try
        {
            await _container.StartAsync();
        }
        catch
        {
            // xunit disposes no fixture whose initialisation failed.
            await _container.DisposeAsync();
            _container = null;
            throw;
        }
    }

    public HttpClient ClientFor(string tenantId, params string[] scopes)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(tenantId, scopes));
        return client;
    }

    /// <summary>
    /// SIGTERM as the platform sends it (<c>docker stop</c>: SIGTERM, SIGKILL 10 s later if still running): the exit
    /// code (0 = it ended by itself) and how long it took.
    /// </summary>
    public async Task<(long ExitCode, TimeSpan Took)> TerminateAsync()
    {
        if (_process is not null)
        {
            var (code, took) = await _process.TerminateAsync(TimeSpan.FromSeconds(15));
            return (code, took);
        }

        var clock = Stopwatch.StartNew();
        await _container!.StopAsync();
        var elapsed = clock.Elapsed;
        return (await _container.GetExitCodeAsync(), elapsed);
    }

    /// <summary>What the API wrote so far, for a failed assertion.</summary>
    public async Task<string> OutputAsync()
    {
        if (_process is not null)
        {
            return _process.Output;
        }

        var (stdout, stderr) = await _container!.GetLogsAsync();
        return stdout + stderr;
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    /// <summary>Ready when <c>/health/ready</c> answers 200 (the container's port is the host's: it is asked directly).</summary>
    private sealed class ReadyAt(Uri baseAddress) : IWaitUntil
    {
        private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };

        public async Task<bool> UntilAsync(IContainer container)
        {
            try
            {
                using var response = await Probe.GetAsync(new Uri(baseAddress, "/health/ready"));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening, or not answering, yet.
                return false;
            }
        }
    }
}

/// <summary>
/// The production image in the Development environment, as the README's walkthrough expects the API it talks to: its
/// sample webhook receiver listens on loopback, which only Development lets a webhook reach.
/// </summary>
public sealed class DevelopmentImageApi() : ProductionApi("Development");
