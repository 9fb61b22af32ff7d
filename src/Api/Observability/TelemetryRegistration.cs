using Alvys.Customers.Infrastructure.Cosmos;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Alvys.Customers.Api.Observability;

/// <summary>Where telemetry goes, decided by configuration alone: nothing is exported unless an endpoint is configured.</summary>
public sealed record TelemetryExport(bool Otlp, bool AzureMonitor)
{
    /// <summary>OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is (infra/ passes it).</summary>
    public static TelemetryExport From(IConfiguration configuration) => new(
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]),
        !string.IsNullOrWhiteSpace(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]));
}

public static class TelemetryRegistration
{
    public const string ServiceName = "alvys-customers";

    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry: ASP.NET Core, HttpClient and runtime instrumentation, the
    /// Cosmos SDK's own spans (one per operation, under the request's span), and the service's meters.
    /// </summary>
    public static IServiceCollection AddCustomerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CustomerMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => SampleAtTheHead(tracing, configuration)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(CosmosClientFactory.ActivitySourceName, Alvys.Customers.Application.Webhooks.WebhookDeliverer.ActivitySourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(CustomerMetrics.MeterName, CosmosRequestCounter.MeterName))
            .WithLogging();

        var export = TelemetryExport.From(configuration);
        if (export.Otlp)
        {
            // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* variables.
            telemetry.UseOtlpExporter();
        }

        if (export.AzureMonitor)
        {
            telemetry.UseAzureMonitor();
        }

        return services;
    }

    /// <summary>Traces recorded per second when no sampler is configured (<c>Telemetry:TracesPerSecond</c>).</summary>
    public const double DefaultTracesPerSecond = 5;

    /// <summary>
    /// By default a rate-limited head sampler, parent-based (a caller's sampled trace stays whole): a steady trace volume
    /// and CPU cost however many requests arrive. The standard <c>OTEL_TRACES_SAMPLER</c> / <c>OTEL_TRACES_SAMPLER_ARG</c>
    /// settings, when present, are left to the SDK, which reads them itself. Metrics are never sampled.
    /// </summary>
    private static TracerProviderBuilder SampleAtTheHead(TracerProviderBuilder tracing, IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_TRACES_SAMPLER"])
            ? tracing
            : tracing.SetSampler(new ParentBasedSampler(new RateLimitedSampler(configuration.GetValue("Telemetry:TracesPerSecond", DefaultTracesPerSecond))));
}
