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
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(CosmosClientFactory.ActivitySourceName))
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
}
