using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// Writes instants as ISO 8601 with a seven-digit fraction and the offset, e.g. <c>2024-10-01T12:30:45.1234567+00:00</c>,
/// always the same width (System.Text.Json drops trailing zeros of the fraction). Reads an ISO 8601 date and time
/// with its offset (RFC 3339: <c>Z</c> or <c>±hh:mm</c>); a date or date-time without one is refused, because a
/// partner in another time zone could not know which instant it names.
/// </summary>
public sealed class FixedPrecisionDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz";

    public const string OffsetRequired = "must be a date and time with its offset, e.g. 2024-11-01T00:00:00Z or 2024-11-01T00:00:00-05:00.";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Unescaped first: a serializer may send '+' as \u002B.
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null || text.Length > 64 || !HasOffset(text) || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException("The value " + OffsetRequired);
        }

        return value;
    }

    /// <summary>A time part followed by <c>Z</c> or a numeric offset.</summary>
    private static bool HasOffset(string text)
    {
        var time = text.AsSpan().IndexOfAny('T', 't');
        if (time < 0)
        {
            return false;
        }

        var rest = text.AsSpan(time);
        return rest[^1] is 'Z' or 'z' || rest.LastIndexOfAny('+', '-') >= 0;
    }

    // Written raw: the text is digits and "-:.+T" only, and the default encoder would send '+' as \u002B.
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteRawValue("\"" + value.ToString(Format, CultureInfo.InvariantCulture) + "\"", skipInputValidation: true);
}
