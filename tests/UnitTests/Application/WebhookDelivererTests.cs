using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>The deliverer's hold on a delivery, over stores and an endpoint in memory and a clock the test moves.</summary>
public sealed class WebhookDelivererTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly SteppedClock _clock = new(Start);
    private readonly InMemoryWebhookRepository _webhooks = new();
    private readonly InMemoryDeliveryStore _deliveries = new();
    private readonly FakeWebhookEndpoints _endpoints = new();

    private WebhookDeliverer Deliverer(IWebhookRepository? webhooks = null) => new(
        webhooks ?? _webhooks, new InMemoryCustomerRepository(), _deliveries, _endpoints, new TestBodies(), new NoMetrics(), WebhookDeliverySettings.Published, _clock);

    private async Task<VersionedDelivery> ClaimedPingAsync()
    {
        var webhook = Webhook.Create(TenantId.From("tenant-held"), "ERP", WebhookUrl.Create("https://hooks.partner.example/a", allowLoopback: false).Value,
            [CustomerEventType.Updated], includePreviousAttributes: false, Start).Value;
        webhook.Verified(echoed: true, Start);
        await _webhooks.AddAsync(webhook, CancellationToken.None);
        var ping = WebhookDelivery.TestOf(webhook, Start);
        ping.Claim(Start + WebhookDeliverySettings.Published.ClaimFor);
        return (await _deliveries.RecordAsync(ping, CancellationToken.None))!;
    }

    [Fact]
    public async Task ADeliveryThatWaitedInItsLane_IsHeldAgainBeforeItsAttempt_SoNoOtherSenderTakesItMidSend()
    {
        var claimed = await ClaimedPingAsync();
        // It waited behind a slow endpoint until 2 s of its hold were left.
        _clock.Now = Start + WebhookDeliverySettings.Published.ClaimFor - TimeSpan.FromSeconds(2);
        var dueMidSend = -1;
        _endpoints.WhileDelivering = () =>
        {
            // The attempt takes 5 s: past the first hold, which another replica's poller would now take up.
            _clock.Now += TimeSpan.FromSeconds(5);
            dueMidSend = _deliveries.DueAsync(_clock.Now, 10, CancellationToken.None).Result.Count;
        };

        Assert.Equal(SendResult.Delivered, await Deliverer().SendAsync(claimed, CancellationToken.None));

        Assert.Equal(0, dueMidSend);
        Assert.Single(_endpoints.Posted);
        Assert.Equal(DeliveryState.Delivered, (await _deliveries.FindAsync(claimed.Delivery.TenantId, claimed.Delivery.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task ADeliverySentWellWithinItsHold_IsNotWrittenBeforeItsAttempt()
    {
        var claimed = await ClaimedPingAsync();
        string? storedVersionAtSend = null;
        _endpoints.WhileDelivering = () => storedVersionAtSend = _deliveries.DueAsync(DateTimeOffset.MaxValue, 10, CancellationToken.None).Result.SingleOrDefault()?.ETag;
        _clock.Now = Start + TimeSpan.FromSeconds(1);

        Assert.Equal(SendResult.Delivered, await Deliverer().SendAsync(claimed, CancellationToken.None));
        // At the attempt the store still held the recorder's version: no renewal write.
        Assert.Equal(claimed.ETag, storedVersionAtSend);
    }

    [Fact]
    public async Task ARecentVersionThatSaysNotActive_IsReadAgain_BeforeAnythingIsAbandoned()
    {
        var claimed = await ClaimedPingAsync();
        // The recent read predates the webhook (or its re-activation through another replica): it answers nothing Active.
        Assert.Equal(SendResult.Delivered, await Deliverer(new StaleRecentReads(_webhooks)).SendAsync(claimed, CancellationToken.None));
        Assert.Single(_endpoints.Posted);
    }

    /// <summary>A store whose recent reads answer nothing, as a version read before the webhook was stored would.</summary>
    private sealed class StaleRecentReads(IWebhookRepository stored) : IWebhookRepository
    {
        public Task<Webhook?> FindRecentAsync(TenantId tenantId, WebhookId id, CancellationToken cancellationToken) => Task.FromResult<Webhook?>(null);

        public Task<VersionedWebhook?> AddAsync(Webhook webhook, CancellationToken cancellationToken) => stored.AddAsync(webhook, cancellationToken);

        public Task<VersionedWebhook?> FindAsync(TenantId tenantId, WebhookId id, CancellationToken cancellationToken) => stored.FindAsync(tenantId, id, cancellationToken);

        public Task<IReadOnlyList<VersionedWebhook>> ListAsync(TenantId tenantId, CancellationToken cancellationToken) => stored.ListAsync(tenantId, cancellationToken);

        public Task<VersionedWebhook?> ReplaceAsync(Webhook webhook, string ifMatch, CancellationToken cancellationToken) => stored.ReplaceAsync(webhook, ifMatch, cancellationToken);

        public Task<IReadOnlyList<(TenantId TenantId, WebhookId Id)>> ListAwaitingVerificationAsync(CancellationToken cancellationToken) =>
            stored.ListAwaitingVerificationAsync(cancellationToken);

        public Task<WebhookRemoval> RemoveAsync(TenantId tenantId, WebhookId id, string? ifMatch, CancellationToken cancellationToken) =>
            stored.RemoveAsync(tenantId, id, ifMatch, cancellationToken);
    }

    private sealed class SteppedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class TestBodies : IEventBodyWriter
    {
        public byte[] Write(CustomerEventMessage message) => [];

        public byte[] WriteTest(string eventId, DateTimeOffset timestamp) => System.Text.Encoding.UTF8.GetBytes($"{{\"id\":\"{eventId}\"}}");
    }

    private sealed class NoMetrics : IDeliveryMetrics
    {
        public void Attempted(AttemptOutcome outcome, bool ended)
        {
        }

        public void Ended(DeliveryState state, bool isTest, TimeSpan sinceWrite)
        {
        }
    }
}
