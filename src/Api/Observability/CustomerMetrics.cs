using System.Diagnostics.Metrics;
using Alvys.Customers.Api.Features;
using Microsoft.FeatureManagement;

namespace Alvys.Customers.Api.Observability;

/// <summary>
/// The outcomes an on-call engineer watches, as OpenTelemetry metrics: uniqueness conflicts by field,
/// precondition failures (412/428), rate-limited requests by bucket, Cosmos round trips per request, and the
/// write kill switch. Request-unit charge per Cosmos operation is recorded beside the Cosmos client
/// (<c>alvys.cosmos.request_charge</c>).
/// </summary>
public sealed class CustomerMetrics
{
    public const string MeterName = "Alvys.Customers.Api";

    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _preconditionFailures;
    private readonly Counter<long> _rateLimited;
    private readonly Histogram<int> _roundTrips;

    public CustomerMetrics(IMeterFactory meters, IFeatureManager features)
    {
        var meter = meters.Create(MeterName);
        _conflicts = meter.CreateCounter<long>(
            "alvys.customers.conflicts", unit: "{request}", description: "Writes refused with 409 because another customer holds a unique value");
        _preconditionFailures = meter.CreateCounter<long>(
            "alvys.customers.precondition_failures", unit: "{request}", description: "Writes refused with 412 (stale If-Match) or 428 (no If-Match)");
        _rateLimited = meter.CreateCounter<long>(
            "alvys.rate_limited", unit: "{request}", description: "Requests refused with 429, by the bucket that ran dry");
        _roundTrips = meter.CreateHistogram<int>(
            "alvys.cosmos.round_trips", unit: "{round_trip}", description: "Cosmos DB round trips made for one HTTP request");
        // The flag lives in configuration, whose feature provider answers synchronously.
        meter.CreateObservableGauge(
            "alvys.customer_writes.enabled",
            () => features.IsEnabledAsync(CustomerWritesSwitch.FeatureName).GetAwaiter().GetResult() ? 1 : 0,
            unit: "{state}",
            description: "The customer-writes kill switch: 1 writes are on, 0 they answer 503");
    }

    public void Conflict(string field) => _conflicts.Add(1, new KeyValuePair<string, object?>("conflicting_field", field));

    public void PreconditionFailed(int status) => _preconditionFailures.Add(1, new KeyValuePair<string, object?>("http.response.status_code", status));

    public void RateLimited(string bucket) => _rateLimited.Add(1, new KeyValuePair<string, object?>("bucket", bucket));

    public void RoundTrips(int count, string method, string? route) => _roundTrips.Record(
        count,
        new KeyValuePair<string, object?>("http.request.method", method),
        new KeyValuePair<string, object?>("http.route", route ?? "unmatched"));
}
