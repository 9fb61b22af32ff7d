using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.UnitTests.Webhooks;

/// <summary>One delivery's schedule: the published retries, the receiver's Retry-After, what ends it, waiting behind an earlier event.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<TimeSpan> Published = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)];

    private static WebhookDelivery NewDelivery()
    {
        var webhook = Webhook.Create(
            TenantId.From("tenant-a"), "ERP", WebhookUrl.Create("https://hooks.partner.example/a", allowLoopback: false).Value, [CustomerEventType.Updated], false, Now).Value;
        var customer = CustomerId.New();
        return WebhookDelivery.Of(webhook, customer, new CustomerEvent(3, CustomerEventType.Updated, Now, [], null), Now, Now.AddSeconds(40));
    }

    private static AttemptOutcome Failed(int? status, TimeSpan? retryAfter = null) =>
        new(false, status is null or 408 or 429 or >= 500, status, "failed", TimeSpan.FromMilliseconds(5), retryAfter);

    [Fact]
    public void ItsIds_AreDerivedFromTheWebhookTheCustomerAndTheRevision()
    {
        var delivery = NewDelivery();

        Assert.Equal($"{delivery.CustomerId.Value}.3", delivery.EventId);
        Assert.Equal($"{delivery.WebhookId.Value}.{delivery.CustomerId.Value}.3", delivery.Id);
        Assert.False(delivery.IsDueAt(Now.AddSeconds(39)));
        Assert.True(delivery.IsDueAt(Now.AddSeconds(41)));
    }

    [Fact]
    public void RetryableFailures_AreTriedAfter10_30_60Seconds_FourAttemptsInAll()
    {
        var delivery = NewDelivery();
        var at = Now;
        foreach (var delay in Published)
        {
            Assert.False(delivery.Record(Failed(503), Published, at));
            Assert.Equal(at + delay, delivery.NextAttemptAt);
            Assert.Equal(DeliveryState.Pending, delivery.State);
            at += delay;
        }

        Assert.True(delivery.Record(Failed(null), Published, at));
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Equal([1, 2, 3, 4], delivery.Attempts.Select(a => a.Attempt));
        Assert.Equal([503, 503, 503, null], delivery.Attempts.Select(a => a.StatusCode));
    }

    [Fact]
    public void RetryAfter_IsHonouredUpTo5Minutes_BeyondThatThePublishedDelayApplies()
    {
        var delivery = NewDelivery();
        delivery.Record(Failed(429, TimeSpan.FromSeconds(90)), Published, Now);
        Assert.Equal(Now.AddSeconds(90), delivery.NextAttemptAt);

        delivery.Record(Failed(429, TimeSpan.FromMinutes(6)), Published, Now);
        Assert.Equal(Now.AddSeconds(30), delivery.NextAttemptAt);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(410)]
    public void OtherClientErrors_FailAtOnce(int status)
    {
        var delivery = NewDelivery();

        Assert.True(delivery.Record(Failed(status), Published, Now));
        Assert.Equal(DeliveryState.Failed, delivery.State);
        Assert.Single(delivery.Attempts);
    }

    [Fact]
    public void A2xx_Delivers_AndReleasesTheClaim()
    {
        var delivery = NewDelivery();

        Assert.True(delivery.Record(new AttemptOutcome(true, false, 204, null, TimeSpan.FromMilliseconds(3), null), Published, Now));
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Null(delivery.ClaimedUntil);
        Assert.False(delivery.IsDueAt(Now.AddHours(1)));
    }

    [Fact]
    public void BehindAnEarlierEvent_ItIsDueNoSoonerThanThatOne()
    {
        var delivery = NewDelivery();

        delivery.WaitBehind(Now.AddSeconds(30), Now);
        Assert.Null(delivery.ClaimedUntil);
        Assert.Equal(Now.AddSeconds(30), delivery.NextAttemptAt);

        delivery.WaitBehind(Now.AddSeconds(-5), Now);
        Assert.True(delivery.IsDueAt(Now));
    }

    [Fact]
    public void Rehydrate_KeepsEverythingStored()
    {
        var delivery = NewDelivery();
        delivery.Record(Failed(500), Published, Now);
        var stored = new StoredDelivery(
            delivery.Id, delivery.TenantId, delivery.WebhookId, delivery.CustomerId, delivery.Revision, delivery.EventType, delivery.OccurredAt,
            delivery.DateCreated, delivery.State, delivery.Attempts, delivery.NextAttemptAt, delivery.ClaimedUntil);

        var again = WebhookDelivery.Rehydrate(stored);

        Assert.Equal(delivery.EventId, again.EventId);
        Assert.Equal(delivery.NextAttemptAt, again.NextAttemptAt);
        Assert.Equal(delivery.Attempts, again.Attempts);
        Assert.False(again.Record(Failed(500), Published, Now.AddSeconds(10)));
        Assert.Equal(2, again.Attempts[^1].Attempt);
    }
}
