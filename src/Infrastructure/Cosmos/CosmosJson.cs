using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Alvys.Customers.Infrastructure.Customers;

namespace Alvys.Customers.Infrastructure.Cosmos;

public static class CosmosJson
{
    /// <summary>
    /// Document members carry explicit names; nulls are left out so absent stays absent. The repository's own
    /// types come from source-generated metadata; anything else the SDK serializes with these options (query
    /// parameters) falls back to reflection.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CustomerDocumentJson.Default, Webhooks.WebhookDocumentJson.Default, Webhooks.KeyRingJson.Default, Webhooks.DeliveryDocumentJson.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>
    /// Reads a response body of the SDK. The SDK has already read a Gateway-mode response into an expandable
    /// <see cref="MemoryStream"/>: it is deserialized from that buffer where it lies, sparing System.Text.Json's own
    /// copy into a rented, growing buffer and its resumable (slower) reading. Any other stream is read as a stream.
    /// </summary>
    public static ValueTask<T?> ReadAsync<T>(Stream content, CancellationToken cancellationToken) =>
        ReadAsync(content, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T)), cancellationToken);

    /// <inheritdoc cref="ReadAsync{T}(Stream, CancellationToken)"/>
    public static ValueTask<T?> ReadAsync<T>(Stream content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (content is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            var position = (int)memory.Position;
            return ValueTask.FromResult(JsonSerializer.Deserialize(buffer.AsSpan(position, buffer.Count - position), typeInfo));
        }

        return JsonSerializer.DeserializeAsync(content, typeInfo, cancellationToken);
    }
}
