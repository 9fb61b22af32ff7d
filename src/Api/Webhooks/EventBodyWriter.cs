using System.Text.Json;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Webhooks;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.Webhooks;

/// <summary>The delivery body as the API writes every other body: the customer in <c>data</c> exactly as GET answers it.</summary>
internal sealed class EventBodyWriter(IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json) : IEventBodyWriter
{
    public byte[] Write(CustomerEventMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, json.Value.JsonSerializerOptions);

    public byte[] WriteTest(string eventId, DateTimeOffset timestamp)
    {
        var body = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("id", eventId);
            writer.WriteString("type", WebhookDelivery.TestEventType);
            writer.WriteString("timestamp", timestamp);
            writer.WriteString("version", CustomerEventMessage.WireVersion);
            writer.WriteNumber("sequence", 0);
            writer.WriteStartObject("data");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return body.WrittenSpan.ToArray();
    }
}
