using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Domain.Webhooks;

public enum DeliveryState
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One attempt to post an event: the receiver's status (none on a network error or timeout), what went wrong, how long it took.</summary>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset At, int? StatusCode, string? Error, long DurationMs);

/// <summary>What an endpoint did with one attempt, as the sender saw it.</summary>
/// <param name="Retryable">A network error, a timeout, 408, 429 or 5xx: worth another attempt.</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c>, when it sent one.</param>
public sealed record AttemptOutcome(bool Delivered, bool Retryable, int? StatusCode, string? Error, TimeSpan Duration, TimeSpan? RetryAfter);

/// <summary>
/// One event on its way to one webhook: durable before the change feed's checkpoint moves past its write, so a replica
/// that dies mid-delivery leaves it to another. Its id is derived from the webhook, the customer and the revision, so
/// recording it twice (a replayed change feed) stores it once.
/// </summary>
public sealed class WebhookDelivery
{
    /// <summary>Attempts in all: the first and one after each retry delay.</summary>
    public const int MaxAttempts = 4;

    /// <summary>The type of a test ping, on the wire.</summary>
    public const string TestEventType = "webhook.test";

    /// <summary>The most of a receiver's Retry-After that is honoured.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(5);

    private readonly List<DeliveryAttempt> _attempts = [];

    private WebhookDelivery(string id, TenantId tenantId, WebhookId webhookId, CustomerId customerId, long revision, CustomerEventType? eventType, DateTimeOffset occurredAt, DateTimeOffset dateCreated)
    {
        Id = id;
        TenantId = tenantId;
        WebhookId = webhookId;
        CustomerId = customerId;
        Revision = revision;
        EventType = eventType;
        OccurredAt = occurredAt;
        DateCreated = dateCreated;
        NextAttemptAt = dateCreated;
    }

    public string Id { get; }

    public TenantId TenantId { get; }

    public WebhookId WebhookId { get; }

    public CustomerId CustomerId { get; }

    /// <summary>The customer's revision the event reports: its <c>sequence</c>.</summary>
    public long Revision { get; }

    /// <summary>The customer event it reports; null for a test ping (<see cref="TestEventType"/>).</summary>
    public CustomerEventType? EventType { get; }

    /// <summary>A test ping the partner asked for: no customer behind it, never counted towards auto-disable.</summary>
    public bool IsTest => EventType is null;

    public DateTimeOffset OccurredAt { get; }

    public DateTimeOffset DateCreated { get; }

    public DeliveryState State { get; private set; } = DeliveryState.Pending;

    public IReadOnlyList<DeliveryAttempt> Attempts => _attempts;

    /// <summary>When the next attempt is due; null once the delivery has ended.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Until when a sender holds it: nobody else sends it before then.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>The trace context of the write that led to it (<see cref="CustomerEvent.WriteTrace"/>), when known.</summary>
    public string? WriteTrace { get; private init; }

    /// <summary>The event's id, the same on every attempt, redelivery and replica.</summary>
    public string EventId => $"{CustomerId.Value}.{Revision}";

    /// <summary>The delivery of a recorded event to a webhook, held by its recorder until <paramref name="claimedUntil"/>.</summary>
    public static WebhookDelivery Of(Webhook webhook, CustomerId customerId, CustomerEvent recorded, DateTimeOffset now, DateTimeOffset claimedUntil) =>
        new($"{webhook.Id.Value}.{customerId.Value}.{recorded.Revision}", webhook.TenantId, webhook.Id, customerId, recorded.Revision, recorded.Type, recorded.OccurredAt, now)
        {
            ClaimedUntil = claimedUntil,
            WriteTrace = recorded.WriteTrace,
        };

    /// <summary>
    /// A test ping to the webhook, due at once. It has no customer: it stands in the webhook's own place (its id where a
    /// customer's would be, the time in milliseconds where a revision would be), so its event id is derived, never drawn.
    /// </summary>
    public static WebhookDelivery TestOf(Webhook webhook, DateTimeOffset now)
    {
        if (!CustomerId.TryParse(webhook.Id.Value, out var standIn))
        {
            throw new InvalidOperationException($"Webhook id '{webhook.Id.Value}' is not of the form ids take.");
        }

        var at = now.ToUnixTimeMilliseconds();
        return new WebhookDelivery($"{webhook.Id.Value}.test.{at}", webhook.TenantId, webhook.Id, standIn, at, null, now, now);
    }

    /// <summary>The same event sent again as a delivery of its own, due at once: same event id, a new delivery id.</summary>
    public static WebhookDelivery RedeliveryOf(WebhookDelivery original, DateTimeOffset now) =>
        new($"{original.WebhookId.Value}.{original.CustomerId.Value}.{original.Revision}.r{now.ToUnixTimeMilliseconds()}", original.TenantId, original.WebhookId,
            original.CustomerId, original.Revision, original.EventType, original.OccurredAt, now)
        {
            WriteTrace = original.WriteTrace,
        };

    public bool IsDueAt(DateTimeOffset now) => State == DeliveryState.Pending && NextAttemptAt <= now && !(ClaimedUntil > now);

    public void Claim(DateTimeOffset until) => ClaimedUntil = until;

    /// <summary>Gives it back unsent: an earlier event of the customer is still on its way, and this one is due no sooner than that one's next attempt.</summary>
    public void WaitBehind(DateTimeOffset earlierDueAt, DateTimeOffset now)
    {
        ClaimedUntil = null;
        NextAttemptAt = earlierDueAt > now ? earlierDueAt : now;
    }

    /// <summary>
    /// Records an attempt: 2xx delivers; a retryable failure is tried again after the next of <paramref name="retryDelays"/>
    /// (or the receiver's Retry-After, up to <see cref="MaxRetryAfter"/>) until <see cref="MaxAttempts"/>; any other fails.
    /// Answers whether the delivery ended.
    /// </summary>
    public bool Record(AttemptOutcome outcome, IReadOnlyList<TimeSpan> retryDelays, DateTimeOffset now)
    {
        _attempts.Add(new DeliveryAttempt(_attempts.Count + 1, now, outcome.StatusCode, outcome.Error, (long)outcome.Duration.TotalMilliseconds));
        ClaimedUntil = null;
        if (outcome.Delivered)
        {
            (State, NextAttemptAt) = (DeliveryState.Delivered, null);
            return true;
        }

        if (!outcome.Retryable || _attempts.Count >= Math.Min(MaxAttempts, retryDelays.Count + 1))
        {
            (State, NextAttemptAt) = (DeliveryState.Failed, null);
            return true;
        }

        var delay = outcome.RetryAfter is { } asked && asked <= MaxRetryAfter ? asked : retryDelays[_attempts.Count - 1];
        NextAttemptAt = now + delay;
        return false;
    }

    /// <summary>The webhook is gone or no longer receives: nothing more is sent.</summary>
    public void Abandon(string reason, DateTimeOffset now)
    {
        _attempts.Add(new DeliveryAttempt(_attempts.Count + 1, now, null, reason, 0));
        (State, NextAttemptAt, ClaimedUntil) = (DeliveryState.Failed, null, null);
    }

    public static WebhookDelivery Rehydrate(StoredDelivery stored)
    {
        var delivery = new WebhookDelivery(stored.Id, stored.TenantId, stored.WebhookId, stored.CustomerId, stored.Revision, stored.EventType, stored.OccurredAt, stored.DateCreated)
        {
            State = stored.State,
            NextAttemptAt = stored.NextAttemptAt,
            ClaimedUntil = stored.ClaimedUntil,
            WriteTrace = stored.WriteTrace,
        };
        delivery._attempts.AddRange(stored.Attempts);
        return delivery;
    }
}

public sealed record StoredDelivery(
    string Id, TenantId TenantId, WebhookId WebhookId, CustomerId CustomerId, long Revision, CustomerEventType? EventType, DateTimeOffset OccurredAt,
    DateTimeOffset DateCreated, DeliveryState State, IReadOnlyList<DeliveryAttempt> Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset? ClaimedUntil, string? WriteTrace = null);

public sealed record VersionedDelivery(WebhookDelivery Delivery, string ETag);

/// <summary>Where a page of a webhook's delivery log ends: the last delivery answered, newest first.</summary>
public sealed record DeliveryPosition(DateTimeOffset DateCreated, string Id);

public sealed record DeliveryPage(IReadOnlyList<WebhookDelivery> Items, bool HasMore);

/// <summary>The deliveries of every tenant's webhooks. Writes are conditional: two senders never both hold one.</summary>
public interface IDeliveryStore
{
    /// <summary>Stores a new delivery; null when one with its id was recorded before (the same event, seen again).</summary>
    Task<VersionedDelivery?> RecordAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    /// <summary>Pending deliveries due at <paramref name="now"/> and held by nobody, of every tenant, oldest first.</summary>
    Task<IReadOnlyList<VersionedDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>When the first still Pending earlier event of the customer to the webhook is next due (it goes first); null when there is none.</summary>
    Task<DateTimeOffset?> EarlierPendingDueAtAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    /// <summary>One delivery of the tenant's; null when there is none with this id.</summary>
    Task<WebhookDelivery?> FindAsync(TenantId tenantId, string id, CancellationToken cancellationToken);

    /// <summary>The webhook's deliveries newest first (by when each was recorded, then by id), after <paramref name="after"/> when given.</summary>
    Task<DeliveryPage> ListAsync(TenantId tenantId, WebhookId webhookId, DeliveryPosition? after, int pageSize, CancellationToken cancellationToken);

    /// <summary>Writes over the version <paramref name="ifMatch"/> names; null when another writer got there first.</summary>
    Task<VersionedDelivery?> ReplaceAsync(WebhookDelivery delivery, string ifMatch, CancellationToken cancellationToken);
}

/// <summary>Where the change feed of the customers container hands the customers written since its last checkpoint.</summary>
public interface ICustomerChangeHandler
{
    /// <summary>Returns once every event of <paramref name="changed"/> is durably recorded: only then may the checkpoint move.</summary>
    Task HandleAsync(IReadOnlyList<VersionedCustomer> changed, CancellationToken cancellationToken);
}
