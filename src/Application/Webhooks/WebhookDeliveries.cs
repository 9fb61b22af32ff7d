using System.Diagnostics;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>The host's <c>Webhooks</c> delivery settings: the retry delays (10, 30, 60 s), an attempt's timeout (30 s), failed events in a row that disable (10).</summary>
public sealed record WebhookDeliverySettings(IReadOnlyList<TimeSpan> RetryDelays, TimeSpan Timeout, int DisableAfterConsecutiveFailures = Webhook.DisableAfterConsecutiveFailures)
{
    public static readonly WebhookDeliverySettings Published = new([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)], TimeSpan.FromSeconds(30));

    /// <summary>How long a sender holds a delivery: its attempt's timeout and a margin, after which another may take it.</summary>
    public TimeSpan ClaimFor => Timeout + TimeSpan.FromSeconds(10);

    /// <summary>A hold with less than this left (the delivery waited in its lane) is renewed before the attempt starts.</summary>
    public TimeSpan RenewClaimBelow => Timeout + TimeSpan.FromSeconds(5);

    /// <summary>Whether this replica sends deliveries (<c>Webhooks:Enabled</c>).</summary>
    public bool DeliversHere { get; init; } = true;

    /// <summary>How often the deliveries due are looked for (<c>Webhooks:PollInterval</c>).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>Writes a delivery's body: the wire JSON of the message, with the customer exactly as GET answers it (the Api's options).</summary>
public interface IEventBodyWriter
{
    byte[] Write(CustomerEventMessage message);

    /// <summary>A test ping's body: the same envelope, <c>type</c> webhook.test, <c>sequence</c> 0 and <c>data</c> an empty object.</summary>
    byte[] WriteTest(string eventId, DateTimeOffset timestamp);
}

/// <summary>What the host measures of deliveries: every attempt, and every delivery that ended.</summary>
public interface IDeliveryMetrics
{
    void Attempted(AttemptOutcome outcome, bool ended);

    /// <param name="sinceWrite">From the write the event reports to the end (a 2xx, or giving up).</param>
    void Ended(DeliveryState state, bool isTest, TimeSpan sinceWrite);
}

/// <summary>Where recorded deliveries go to be sent at once: one customer's events to one webhook, in revision order.</summary>
public interface IDeliveryQueue
{
    /// <param name="current">The customer as the change feed handed it over with these events, sent as their <c>data</c> on the first attempt (no read); null: read when sent.</param>
    void Enqueue(IReadOnlyList<VersionedDelivery> inOrder, VersionedCustomer? current = null);
}

/// <summary>
/// Turns the customers the change feed hands over into durable deliveries: every recorded event not seen before, to
/// every Active webhook of the customer's tenant subscribed to its type. A delivery's id is derived from the webhook, the
/// customer and the revision, so an event seen again (a replayed batch, another replica) is stored once.
/// </summary>
public sealed class CustomerEventRecorder(
    IWebhookRepository webhooks, IDeliveryStore deliveries, IDeliveryQueue queue, WebhookDeliverySettings settings, TimeProvider clock) : ICustomerChangeHandler
{
    /// <summary>Beyond this many customers the memory of revisions seen starts again (recording is idempotent: it only costs writes that find their delivery there).</summary>
    private const int RememberedCustomers = 100_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);

    public async Task HandleAsync(IReadOnlyList<VersionedCustomer> changed, CancellationToken cancellationToken)
    {
        if (_seen.Count > RememberedCustomers)
        {
            _seen.Clear();
        }

        var subscriptions = new Dictionary<TenantId, IReadOnlyList<Webhook>>();
        foreach (var tenant in changed.Select(c => c.Customer.TenantId).Distinct())
        {
            subscriptions[tenant] = [.. (await webhooks.ListAsync(tenant, cancellationToken)).Select(w => w.Webhook).Where(w => w.Status == WebhookStatus.Active)];
        }

        await Parallel.ForEachAsync(changed, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (current, token) =>
        {
            var customer = current.Customer;
            var seen = _seen.GetValueOrDefault(customer.Id.Value);
            var fresh = customer.RecordedEvents.Where(e => e.Revision > seen).OrderBy(e => e.Revision).ToArray();
            foreach (var webhook in subscriptions[customer.TenantId])
            {
                var recorded = new List<VersionedDelivery>();
                foreach (var @event in fresh.Where(e => webhook.Receives(e.Type) && e.OccurredAt >= webhook.DateCreated))
                {
                    var now = clock.GetUtcNow();
                    if (await deliveries.RecordAsync(WebhookDelivery.Of(webhook, customer.Id, @event, now, now + settings.ClaimFor), token) is { } stored)
                    {
                        recorded.Add(stored);
                    }
                }

                if (recorded.Count > 0)
                {
                    queue.Enqueue(recorded, current);
                }
            }

            if (fresh.Length > 0)
            {
                _seen[customer.Id.Value] = fresh[^1].Revision;
            }
        });
    }
}

public enum SendResult
{
    /// <summary>2xx: the next event of the customer may go.</summary>
    Delivered,

    /// <summary>It ended without being delivered (failed every attempt, a 4xx, or the webhook is gone): the next may go.</summary>
    Ended,

    /// <summary>Not ended: retried later, or held back behind an earlier event; the customer's later events wait.</summary>
    Waiting,
}

/// <summary>
/// Sends one claimed delivery: the customer's current state and the recorded event it reports, signed, to the webhook's
/// endpoint; records the attempt; counts the event towards the webhook's consecutive failures when it ended.
/// </summary>
public sealed class WebhookDeliverer(
    IWebhookRepository webhooks, ICustomerRepository customers, IDeliveryStore deliveries, IWebhookEndpoints endpoints, IEventBodyWriter bodies,
    IDeliveryMetrics metrics, WebhookDeliverySettings settings, TimeProvider clock)
{
    /// <summary>The source of the delivery spans (one per attempt), which the host's tracing listens to.</summary>
    public const string ActivitySourceName = "Alvys.Customers.Webhooks";

    private static readonly ActivitySource Spans = new(ActivitySourceName);

    /// <param name="current">
    /// The customer as the change feed handed the event over, for a first attempt: its version is the event's revision or a
    /// later one, as a read would answer (a later write's event follows with its own). A retry reads it again.
    /// </param>
    public async Task<SendResult> SendAsync(VersionedDelivery claimed, CancellationToken cancellationToken, VersionedCustomer? current = null)
    {
        var delivery = claimed.Delivery;
        // A creation (revision 1) has no earlier event to wait for: no query.
        if (!delivery.IsTest && delivery.Revision > 1 && await deliveries.EarlierPendingDueAtAsync(delivery, cancellationToken) is { } earlierDueAt)
        {
            // In order per customer: this one waits for the earlier one to end.
            delivery.WaitBehind(earlierDueAt, clock.GetUtcNow());
            await deliveries.ReplaceAsync(delivery, claimed.ETag, cancellationToken);
            return SendResult.Waiting;
        }

        var webhook = await webhooks.FindRecentAsync(delivery.TenantId, delivery.WebhookId, cancellationToken);
        if (webhook is not { Status: WebhookStatus.Active })
        {
            // A recent version may predate the webhook's re-activation through another replica: nothing is abandoned on it.
            webhook = (await webhooks.FindAsync(delivery.TenantId, delivery.WebhookId, cancellationToken))?.Webhook;
        }

        var customer = delivery.EventType is null ? null
            : current is not null && delivery.Attempts.Count == 0 && current.Customer.Id == delivery.CustomerId ? current
            : await customers.FindByIdAsync(delivery.TenantId, delivery.CustomerId, cancellationToken);
        if (webhook is not { Status: WebhookStatus.Active } || (customer is null && !delivery.IsTest))
        {
            delivery.Abandon(webhook is null ? "The webhook was deleted." : customer is null && !delivery.IsTest ? "The customer is gone." : $"The webhook is {webhook.Status}: nothing is delivered to it.", clock.GetUtcNow());
            await deliveries.ReplaceAsync(delivery, claimed.ETag, cancellationToken);
            metrics.Ended(delivery.State, delivery.IsTest, clock.GetUtcNow() - delivery.OccurredAt);
            return SendResult.Ended;
        }

        // A delivery that waited in its lane (behind a slow endpoint) until little of its hold is left is held again first:
        // otherwise the hold could run out mid-attempt, another replica send it too, and one of the two records be lost.
        if (delivery.ClaimedUntil is { } heldUntil && heldUntil - clock.GetUtcNow() < settings.RenewClaimBelow)
        {
            delivery.Claim(clock.GetUtcNow() + settings.ClaimFor);
            if (await deliveries.ReplaceAsync(delivery, claimed.ETag, cancellationToken) is not { } held)
            {
                // Another sender took it up meanwhile: it is theirs to send.
                return SendResult.Waiting;
            }

            claimed = held;
        }

        using var span = StartSpan(delivery);
        var post = new EventPost(
            delivery.EventId, delivery.IsTest ? WebhookDelivery.TestEventType : CustomerEventMessage.TypeName(delivery.EventType!.Value),
            customer is null ? bodies.WriteTest(delivery.EventId, delivery.OccurredAt) : bodies.Write(MessageOf(delivery, customer, webhook)),
            delivery.Attempts.Count + 1, webhook.Secret, webhook.SecondSecretAt(clock.GetUtcNow()), TraceParentOf(span));
        var outcome = await endpoints.DeliverAsync(webhook.Url, post, cancellationToken);
        span?.SetTag("http.response.status_code", outcome.StatusCode);
        span?.SetStatus(outcome.Delivered ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome.Error);

        var ended = delivery.Record(outcome, settings.RetryDelays, clock.GetUtcNow());
        metrics.Attempted(outcome, ended);
        // A sender whose hold ran out lost the delivery to another: what it saw is not recorded twice.
        if (await deliveries.ReplaceAsync(delivery, claimed.ETag, cancellationToken) is null)
        {
            return SendResult.Waiting;
        }

        if (ended)
        {
            metrics.Ended(delivery.State, delivery.IsTest, clock.GetUtcNow() - delivery.OccurredAt);
        }

        // A test ping says how the endpoint is doing; it is not an event the partner missed.
        // A delivered event leaves a run of none as it was: no second read of the webhook just read. (A failure counted by
        // another sender meanwhile is reset by the next delivered event instead.)
        if (ended && !delivery.IsTest && !(outcome.Delivered && webhook.ConsecutiveFailedEvents == 0))
        {
            await CountAsync(delivery, outcome.Delivered, cancellationToken);
        }

        return !ended ? SendResult.Waiting : outcome.Delivered ? SendResult.Delivered : SendResult.Ended;
    }

    /// <summary>
    /// The attempt's span: a trace of its own (the attempt happens later, in a worker, perhaps on another replica), linked to
    /// the write's trace when the customer document carried it, so that the write leads to every attempt of its event.
    /// </summary>
    private static Activity? StartSpan(WebhookDelivery delivery)
    {
        // No parent: whatever span the worker happens to run under (a Cosmos call of the change feed's) is not this one's
        // cause. SendAsync is async, so its caller's ambient span comes back when it returns.
        Activity.Current = null;
        var links = ActivityContext.TryParse(delivery.WriteTrace, null, out var write) ? new[] { new ActivityLink(write) } : null;
        var span = Spans.StartActivity("webhook deliver", ActivityKind.Client, default(ActivityContext), links: links);
        span?.SetTag("alvys.webhook.id", delivery.WebhookId.Value);
        span?.SetTag("alvys.webhook.event_id", delivery.EventId);
        span?.SetTag("alvys.webhook.attempt", delivery.Attempts.Count + 1);
        return span;
    }

    /// <summary>The contract sends a <c>traceparent</c> with every delivery: the span's, or a fresh unsampled one when nothing records spans.</summary>
    private static string TraceParentOf(Activity? span) =>
        span is { IdFormat: ActivityIdFormat.W3C } ? span.Id!
            : $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00";

    /// <summary>The event as recorded on the customer; past the bound of recorded events only its type and time are known.</summary>
    private static CustomerEventMessage MessageOf(WebhookDelivery delivery, VersionedCustomer customer, Webhook webhook)
    {
        var recorded = customer.Customer.RecordedEvents.FirstOrDefault(e => e.Revision == delivery.Revision)
            ?? new CustomerEvent(delivery.Revision, delivery.EventType!.Value, delivery.OccurredAt, [], null);
        return CustomerEventMessage.For(customer, recorded, webhook.IncludePreviousAttributes);
    }

    /// <summary>The webhook's run of failed events: reset by a delivered one (written only when it was not zero), the tenth disables it.</summary>
    private async Task CountAsync(WebhookDelivery delivery, bool delivered, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await webhooks.FindAsync(delivery.TenantId, delivery.WebhookId, cancellationToken) is not { } stored
                || (delivered && stored.Webhook.ConsecutiveFailedEvents == 0))
            {
                return;
            }

            stored.Webhook.EventEnded(delivered, clock.GetUtcNow(), settings.DisableAfterConsecutiveFailures);
            if (await webhooks.ReplaceAsync(stored.Webhook, stored.ETag, cancellationToken) is not null)
            {
                return;
            }
        }
    }
}
