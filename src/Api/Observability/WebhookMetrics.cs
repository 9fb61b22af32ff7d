using System.Diagnostics.Metrics;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.Api.Observability;

/// <summary>
/// Webhook deliveries as on-call watches them: attempts by outcome and status class, deliveries ended by state, and the
/// end-to-end latency from the customer's write to the endpoint's 2xx (test pings are left out of the latency).
/// </summary>
public sealed class WebhookMetrics : IDeliveryMetrics
{
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _ended;
    private readonly Histogram<double> _latency;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(CustomerMetrics.MeterName);
        _attempts = meter.CreateCounter<long>(
            "alvys.webhooks.attempts", unit: "{attempt}", description: "Attempts to post an event to a webhook endpoint, by outcome (delivered, retried, failed) and status class");
        _ended = meter.CreateCounter<long>(
            "alvys.webhooks.deliveries", unit: "{delivery}", description: "Deliveries that ended, by state (Delivered, Failed)");
        _latency = meter.CreateHistogram<double>(
            "alvys.webhooks.delivery_latency", unit: "s", description: "From a customer's write to the endpoint's 2xx for its event");
    }

    public void Attempted(AttemptOutcome outcome, bool ended) => _attempts.Add(
        1,
        new KeyValuePair<string, object?>("outcome", outcome.Delivered ? "delivered" : ended ? "failed" : "retried"),
        new KeyValuePair<string, object?>("status_class", outcome.StatusCode is { } status ? $"{status / 100}xx" : "none"));

    public void Ended(DeliveryState state, bool isTest, TimeSpan sinceWrite)
    {
        _ended.Add(1, new KeyValuePair<string, object?>("state", state.ToString()), new KeyValuePair<string, object?>("test", isTest));
        if (state == DeliveryState.Delivered && !isTest)
        {
            _latency.Record(sinceWrite.TotalSeconds);
        }
    }
}
