using System.Diagnostics;
using System.Net;
using Alvys.Customers.Api.Observability;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Alvys.Customers.Api.Tests.Operations;

/// <summary>Telemetry is measured against its own hosts only: nothing else runs while these tests do.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>
/// OpenTelemetry as it is wired in Program, observed through the SDK's in-memory exporter: spans for a request
/// and its Cosmos operations, and the service's metrics. Each test starts and stops a host of its own.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests
{
    private readonly string _tenant = ApiFactory.NewTenant();
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];

    private ApiFactory Host(params (string Name, string Value)[] settings) => ApiFactory.With(
        settings.ToDictionary(s => s.Name, s => s.Value),
        services => services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))
            .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics)));

    [Fact]
    public async Task OneGet_IsAServerSpan_WithACosmosOperationSpanUnderIt()
    {
        await using var api = Host();
        var (customer, _) = await api.SeedAsync(_tenant, new CustomerPatch { Name = HttpHelpers.Unique("Traced"), Type = CustomerType.Customer });
        var client = api.ClientFor(_tenant, "customer:read");
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        var request = new HttpRequestMessage(HttpMethod.Get, $"{HttpHelpers.CustomersPath}/{customer.Id}");
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        // The server span ends as the host finishes the request, a moment after the client has the response.
        var server = await EventuallyAsync(api, () => _spans.SingleOrDefault(s => s.TraceId == traceId && s.Kind == ActivityKind.Server));
        Assert.Equal(callerSpan, server.ParentSpanId);
        var cosmos = Assert.Single(_spans, s => s.TraceId == traceId && s.Source.Name == CosmosClientFactory.ActivitySourceName);
        Assert.Equal(server.SpanId, cosmos.ParentSpanId);
        Assert.Contains("Read", cosmos.DisplayName, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.NotFound)]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    public async Task ProblemTraceId_IsTheRequestsTraceId(bool authenticated, HttpStatusCode expected)
    {
        await using var api = Host();
        var client = authenticated ? api.ClientFor(_tenant, "customer:read") : api.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();

        var request = new HttpRequestMessage(HttpMethod.Get, $"{HttpHelpers.CustomersPath}/0123456789abcdef0123456789abcdef");
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(traceId.ToHexString(), (await response.ReadJsonAsync()).GetProperty("traceId").GetString());
    }

    /// <summary>
    /// By default traces are sampled at the head, at most Telemetry:TracesPerSecond new ones a second: a burst of 40
    /// requests records a handful of server spans, and every unrecorded request's problem still carries its own trace id.
    /// The standard OTEL_TRACES_SAMPLER setting replaces the default (always_on: every request recorded).
    /// </summary>
    [Theory]
    [InlineData(null, 1, 3)]
    [InlineData("always_on", 40, 40)]
    public async Task Traces_AreSampledAtTheHead_UnlessTheStandardSamplerSettingSaysOtherwise(string? sampler, int least, int most)
    {
        await using var api = Host([("Telemetry:TracesPerSecond", "2"), .. sampler is null ? Array.Empty<(string, string)>() : [("OTEL_TRACES_SAMPLER", sampler)]]);
        var client = api.ClientFor(_tenant, "customer:read");
        // The host's first requests (the document the client checks answers against) spend the first tokens: start full.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{HttpHelpers.CustomersPath}/0123456789abcdef0123456789abcdee")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var started = DateTime.UtcNow;

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync($"{HttpHelpers.CustomersPath}/0123456789abcdef0123456789abcdef")));
        var traceIds = await Task.WhenAll(answers.Select(async answer => (await answer.ReadJsonAsync()).GetProperty("traceId").GetString()!));
        var elapsed = DateTime.UtcNow - started;

        Assert.All(traceIds, traceId => Assert.Matches("^[0-9a-f]{32}$", traceId));
        Assert.Equal(40, traceIds.Distinct().Count());
        // Server spans end as the host finishes each request, a moment after the client has its answer.
        await Task.Delay(TimeSpan.FromSeconds(1));
        api.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var recorded = _spans.ToArray().Count(s => s.Kind == ActivityKind.Server && traceIds.Contains(s.TraceId.ToHexString()));
        // At 2 a second: the bucket's two, plus two for every further second the burst took.
        Assert.InRange(recorded, least, sampler is null ? most + (2 * (int)Math.Ceiling(elapsed.TotalSeconds)) : most);
    }

    [Fact]
    public async Task Metrics_CountWhatOnCallWatches()
    {
        await using var api = Host(("RateLimiting:PermitsPerClientPerSecond", "3"));
        var writer = api.ClientWithToken(TestTokens.Create(_tenant, ["customer:read", "customer:create", "customer:update"], clientId: "writer"));
        var number = HttpHelpers.Unique("MET");
        var (id, etag) = await writer.CreateAsync(new { Name = HttpHelpers.Unique("Metered"), Type = "Customer", CompanyNumber = number });
        var duplicate = await writer.PostAsync(HttpHelpers.CustomersPath, HttpHelpers.JsonBody(new { Name = "Other", Type = "Customer", CompanyNumber = number }));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var patcher = api.ClientWithToken(TestTokens.Create(_tenant, ["customer:update"], clientId: "patcher"));
        Assert.Equal(HttpStatusCode.OK, (await patcher.PatchAsync(id, new { Fax = "1" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await patcher.PatchAsync(id, new { Fax = "2" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await patcher.PatchAsync(id, new { Fax = "2" }, null)).StatusCode);

        var burst = api.ClientWithToken(TestTokens.Create(_tenant, ["customer:read"], clientId: "burst"));
        var statuses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => burst.GetAsync($"{HttpHelpers.CustomersPath}/{id}")));
        var limited = statuses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.InRange(limited, 1, 12);

        Flush(api);
        Assert.Equal(1, Sum("alvys.customers.conflicts", ("conflicting_field", "CompanyNumber")));
        Assert.Equal(1, Sum("alvys.customers.precondition_failures", ("http.response.status_code", 412)));
        Assert.Equal(1, Sum("alvys.customers.precondition_failures", ("http.response.status_code", 428)));
        Assert.Equal(limited, Sum("alvys.rate_limited", ("bucket", "client")));
        Assert.True(HistogramCount("alvys.cosmos.request_charge", ("db.operation.name", "create")) >= 1);
        Assert.True(HistogramCount("alvys.cosmos.request_charge", ("db.operation.name", "replace")) >= 1);
        Assert.True(HistogramCount("alvys.cosmos.request_charge", ("db.operation.name", "read")) >= 1);
        Assert.True(HistogramCount("alvys.cosmos.request_charge", ("db.operation.name", "query")) >= 1);
        // Every request was metered; the successful PATCH took its read and its replace.
        Assert.True(HistogramCount("alvys.cosmos.round_trips", ("http.request.method", "PATCH")) >= 3);
        Assert.True(HistogramMax("alvys.cosmos.round_trips", ("http.request.method", "PATCH")) >= 2);
        Assert.Equal(1, LastGauge("alvys.customer_writes.enabled"));
    }

    [Fact]
    public async Task KillSwitchGauge_ReadsZero_WhenWritesAreOff()
    {
        await using var api = Host(("FeatureManagement:CustomerWrites", "false"));
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/live")).StatusCode);

        Flush(api);
        Assert.Equal(0, LastGauge("alvys.customer_writes.enabled"));
    }

    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData("http://127.0.0.1:4317", null, true, false)]
    [InlineData(null, "InstrumentationKey=00000000-0000-0000-0000-000000000000", false, true)]
    public void Exporters_AreChosenByConfigurationAlone(string? otlpEndpoint, string? appInsights, bool otlp, bool azureMonitor)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint,
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = appInsights,
        }).Build();

        Assert.Equal(new TelemetryExport(otlp, azureMonitor), TelemetryExport.From(configuration));
    }

    private static async Task<Activity> EventuallyAsync(ApiFactory api, Func<Activity?> find)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            api.Services.GetRequiredService<TracerProvider>().ForceFlush();
            if (find() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("The request's server span was never exported.");
    }

    private static void Flush(ApiFactory api) => Assert.True(api.Services.GetRequiredService<MeterProvider>().ForceFlush());

    /// <summary>The points of the latest export of <paramref name="name"/> that carry <paramref name="tag"/>.</summary>
    private IEnumerable<MetricPoint> Points(string name, (string Key, object Value)? tag = null)
    {
        var latest = _metrics.LastOrDefault(m => m.Name == name) ?? throw new Xunit.Sdk.XunitException($"{name} was never exported.");
        foreach (var point in latest.MetricPoints)
        {
            var tags = new Dictionary<string, object?>();
            foreach (var pair in point.Tags)
            {
                tags[pair.Key] = pair.Value;
            }

            if (tag is not { } wanted || (tags.TryGetValue(wanted.Key, out var value) && Equals(value, wanted.Value)))
            {
                yield return point;
            }
        }
    }

    private long Sum(string name, (string Key, object Value) tag) => Points(name, tag).Sum(p => p.GetSumLong());

    private long HistogramCount(string name, (string Key, object Value) tag) => Points(name, tag).Sum(p => p.GetHistogramCount());

    private double HistogramMax(string name, (string Key, object Value) tag) =>
        Points(name, tag).Select(p => p.TryGetHistogramMinMaxValues(out _, out var max) ? max : 0).DefaultIfEmpty(0).Max();

    private long LastGauge(string name) => Assert.Single(Points(name)).GetGaugeLastValueLong();
}
