using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.UnitTests.Webhooks;

public sealed class WebhookTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly WebhookUrl Url = WebhookUrl.Create("https://hooks.partner.example/alvys", allowLoopback: false).Value;

    private static Webhook Create(string? name = "ERP sync", params CustomerEventType[] events) =>
        Webhook.Create(Tenant, name, Url, events.Length == 0 ? [CustomerEventType.Updated] : events, includePreviousAttributes: false, Now).Value;

    [Fact]
    public void ANewWebhook_IsPendingWithASecret_AndReceivesNothingUntilVerified()
    {
        var webhook = Create();

        Assert.Equal(WebhookStatus.Pending, webhook.Status);
        Assert.StartsWith(WebhookSecret.Prefix, webhook.Secret.Value, StringComparison.Ordinal);
        Assert.Equal(WebhookSecret.Prefix.Length + 43, webhook.Secret.Value.Length);
        Assert.DoesNotContain(webhook.Secret.Value[WebhookSecret.Prefix.Length..], webhook.Secret.ToString(), StringComparison.Ordinal);
        Assert.False(webhook.Receives(CustomerEventType.Updated));

        webhook.Verified(echoed: true, Now);

        Assert.Equal(WebhookStatus.Active, webhook.Status);
        Assert.True(webhook.Receives(CustomerEventType.Updated));
        Assert.False(webhook.Receives(CustomerEventType.Created));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("\u200B")]
    public void ANameThatShowsNothing_IsInvalidOnName(string? name)
    {
        var created = Webhook.Create(Tenant, name, Url, [CustomerEventType.Updated], false, Now);

        Assert.Equal("Name", Assert.Single(created.ValidationErrors).Identifier);
    }

    [Fact]
    public void NoEvents_OrANameOver100Characters_AreInvalid()
    {
        Assert.Equal(["Name", "Events"], Webhook.Create(Tenant, new string('n', 101), Url, [], false, Now).ValidationErrors.Select(e => e.Identifier));
        Assert.True(Webhook.Create(Tenant, new string('n', 100), Url, [CustomerEventType.Deleted], false, Now).IsSuccess);
    }

    [Fact]
    public void AFailedVerification_StaysPendingWithTheReason_AndANewUrlVerifiesAgain()
    {
        var webhook = Create();
        webhook.Verified(echoed: false, Now);
        Assert.Equal((WebhookStatus.Pending, WebhookStatusReason.VerificationFailed), (webhook.Status, webhook.StatusReason));

        webhook.Verified(echoed: true, Now);
        webhook.Retarget(WebhookUrl.Create("https://other.partner.example/hook", false).Value, Now.AddMinutes(1));

        Assert.Equal((WebhookStatus.Pending, (WebhookStatusReason?)null), (webhook.Status, webhook.StatusReason));
        Assert.Equal(Now.AddMinutes(1), webhook.DateModified);
    }

    [Fact]
    public void TenEventsInARowFailing_Disable_ADeliveredOneInBetweenStartsTheCountAgain()
    {
        var webhook = Create();
        webhook.Verified(echoed: true, Now);
        for (var i = 0; i < 9; i++)
        {
            webhook.EventEnded(delivered: false, Now);
        }

        webhook.EventEnded(delivered: true, Now);
        for (var i = 0; i < 9; i++)
        {
            webhook.EventEnded(delivered: false, Now);
        }

        Assert.Equal(WebhookStatus.Active, webhook.Status);
        webhook.EventEnded(delivered: false, Now.AddMinutes(5));
        Assert.Equal((WebhookStatus.Disabled, WebhookStatusReason.ConsecutiveFailures), (webhook.Status, webhook.StatusReason));

        webhook.Reenable(Now.AddMinutes(6));
        Assert.Equal((WebhookStatus.Pending, 0), (webhook.Status, webhook.ConsecutiveFailedEvents));
    }

    [Fact]
    public void ARotation_SignsWithBothSecretsFor24Hours()
    {
        var webhook = Create();
        var first = webhook.Secret;

        var second = webhook.RotateSecret(Now);

        Assert.NotEqual(first, second);
        Assert.Equal(second, webhook.Secret);
        Assert.Equal(first, webhook.SecondSecretAt(Now.AddHours(23)));
        Assert.Null(webhook.SecondSecretAt(Now.AddHours(24)));
    }

    [Fact]
    public void DisabledByThePartner_ReceivesNothing()
    {
        var webhook = Create(events: [CustomerEventType.Created]);
        webhook.Verified(echoed: true, Now);

        webhook.DisableByPartner(Now);

        Assert.Equal((WebhookStatus.Disabled, WebhookStatusReason.DisabledByPartner), (webhook.Status, webhook.StatusReason));
        Assert.False(webhook.Receives(CustomerEventType.Created));
    }
}
