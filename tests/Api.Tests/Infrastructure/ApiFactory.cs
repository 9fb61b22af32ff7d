using System.Net.Http.Headers;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// The real API in-process, against the run's real Cosmos endpoint, with JWT validation configured through
/// the same configuration keys production uses. Nothing is replaced.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    private readonly (string Endpoint, string Key)? _cosmos;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Action<IServiceCollection>? _services;

    public ApiFactory()
        : this(null, new Dictionary<string, string>())
    {
    }

    private ApiFactory((string Endpoint, string Key)? cosmos, IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services = null)
    {
        _cosmos = cosmos;
        _settings = settings;
        _services = services;
    }

    /// <summary>An API host with extra settings and services added after the API's own (e.g. an in-memory telemetry exporter).</summary>
    public static ApiFactory With(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> services) => new(null, settings, services);

    /// <summary>An API host on a Cosmos endpoint of its own (fault tests), with extra settings.</summary>
    public static ApiFactory OnEndpoint((string Endpoint, string Key) cosmos, IReadOnlyDictionary<string, string> settings) => new(cosmos, settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ApiHosts.Started();
        var (endpoint, key) = _cosmos ?? SharedCosmos.Connection;
        // "Testing": not Development, so no user secrets and no local server of the API's own.
        builder.UseEnvironment("Testing");
        foreach (var (name, value) in BaseSettings(endpoint, key, SharedCosmos.DatabaseName))
        {
            builder.UseSetting(name, value);
        }

        // Tracing listeners are process-wide: a host's sampler also records other hosts' requests, and every recorded
        // span reaches every host's exporter. Hosts record almost no root traces of their own (one per 1,000 s), so the
        // test of the sampling rate counts only what its own host's sampler lets through; a trace a caller has sampled
        // is still recorded whole (parent-based), and every request keeps its trace id.
        builder.UseSetting("Telemetry:TracesPerSecond", "0.001");
        // One host delivers webhooks (the webhook tests'); the others leave the change feed's leases to it.
        builder.UseSetting("Webhooks:Enabled", "false");
        foreach (var (name, value) in _settings)
        {
            builder.UseSetting(name, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<Alvys.Customers.Infrastructure.Webhooks.WebhookHostResolver>(new TestHostResolver()));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>
    /// What every API under test is given, in process or as a process of its own (<see cref="ApiProcess"/>): the Cosmos
    /// endpoint and database, the test token issuer and its signing key, quiet logs, and limits no test client reaches.
    /// </summary>
    internal static Dictionary<string, string> BaseSettings(string endpoint, string key, string database) => new()
    {
        ["Cosmos:Endpoint"] = endpoint,
        ["Cosmos:Key"] = key,
        ["Cosmos:Database"] = database,
        ["Cosmos:InitializeContainer"] = "true",
        ["Authentication:Schemes:Bearer:ValidIssuer"] = TestTokens.Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = TestTokens.Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Id"] = TestTokens.KeyId,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = TestTokens.Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = TestTokens.SigningKeyBase64,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Length"] = "32",
        ["Logging:LogLevel:Default"] = "Warning",
        // Every test client shares one client id; the published limits have tests of their own (RateLimitTests).
        ["RateLimiting:PermitsPerClientPerSecond"] = "1000000",
        ["RateLimiting:PermitsPerTenantPerSecond"] = "1000000",
    };

    public CosmosRequestCounter CosmosRequests => Services.GetRequiredService<CosmosRequestCounter>();

    /// <summary>A client whose every request carries a token for <paramref name="tenantId"/> with <paramref name="scopes"/>.</summary>
    public HttpClient ClientFor(string tenantId, params string[] scopes) => ClientWithToken(TestTokens.Create(tenantId, scopes));

    /// <summary>The document this host serves, loaded once, that every token-bearing client's responses are held to.</summary>
    private Task<OpenApiConformance>? _conformance;

    private Task<OpenApiConformance> Conformance() => _conformance ??= OpenApiConformance.LoadAsync(CreateClient());

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateDefaultClient(new Uri("http://localhost"), new OpenApiConformanceHandler(Conformance));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Stores a customer through the service's own repository (the write endpoints are tested on their own).</summary>
    public async Task<(Customer Customer, string ETag)> SeedAsync(string tenantId, CustomerPatch fields)
    {
        var created = Customer.Create(TenantId.From(tenantId), fields, DateTimeOffset.UtcNow);
        Assert.True(created.IsSuccess, created.Failure is CustomerFailure.Invalid invalid ? string.Join("; ", invalid.Errors.Select(e => e.ErrorMessage)) : created.Name);
        using var scope = Services.CreateScope();
        var written = await scope.ServiceProvider.GetRequiredService<ICustomerRepository>().AddAsync(created.Value, CancellationToken.None);
        Assert.True(written.IsSuccess, written.Name);
        return (created.Value, written.Value);
    }

    public static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..12];
}
