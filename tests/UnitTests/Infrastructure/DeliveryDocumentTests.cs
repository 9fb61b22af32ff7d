using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Webhooks;

namespace Alvys.Customers.UnitTests.Infrastructure;

/// <summary>How a delivery is stored: kept long enough for the log's promise, and carrying the write's trace through a round trip.</summary>
public sealed class DeliveryDocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static WebhookDelivery NewDelivery(string? writeTrace)
    {
        var webhook = Webhook.Create(
            TenantId.From("tenant-a"), "ERP", WebhookUrl.Create("https://hooks.partner.example/a", allowLoopback: false).Value, [CustomerEventType.Updated], false, Now).Value;
        return WebhookDelivery.Of(webhook, CustomerId.New(), new CustomerEvent(3, CustomerEventType.Updated, Now, [], null) { WriteTrace = writeTrace }, Now, Now.AddSeconds(40));
    }

    [Fact]
    public void ADelivery_ExpiresNoSoonerThanSevenDaysAfterItsLastWrite_InAContainerWhereNothingElseExpires()
    {
        using var stored = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(DeliveryDocument.From(NewDelivery(null)), DeliveryDocumentJson.Default.DeliveryDocument));

        Assert.True(stored.RootElement.GetProperty("ttl").GetInt32() >= TimeSpan.FromDays(7).TotalSeconds);
        // On, with no default: webhooks and the key ring carry no ttl and stay.
        Assert.Equal(-1, WebhookContainerDefinition.Build("webhooks").DefaultTimeToLive);
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData(null)]
    public void TheWritesTrace_SurvivesTheRoundTrip_AndARedelivery(string? trace)
    {
        var document = DeliveryDocument.From(NewDelivery(trace));
        var read = JsonSerializer.Deserialize(
            JsonSerializer.SerializeToUtf8Bytes(document, DeliveryDocumentJson.Default.DeliveryDocument), DeliveryDocumentJson.Default.DeliveryDocument)!;

        var delivery = WithETag(read).ToVersioned().Delivery;
        Assert.Equal(trace, delivery.WriteTrace);
        Assert.Equal(trace, WebhookDelivery.RedeliveryOf(delivery, Now.AddMinutes(1)).WriteTrace);
    }

    private static DeliveryDocument WithETag(DeliveryDocument document) =>
        JsonSerializer.Deserialize(
            JsonSerializer.SerializeToUtf8Bytes(document, DeliveryDocumentJson.Default.DeliveryDocument).AsSpan()[..^1].ToArray().Concat(",\"_etag\":\"e1\"}"u8.ToArray()).ToArray(),
            DeliveryDocumentJson.Default.DeliveryDocument)!;
}
