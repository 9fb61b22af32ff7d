using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// Writes instants as ISO 8601 with a seven-digit fraction and the offset, e.g. <c>2024-10-01T12:30:45.1234567+00:00</c>,
/// always the same width (System.Text.Json drops trailing zeros of the fraction). Reads any ISO 8601 instant.
/// </summary>
public sealed class FixedPrecisionDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    // Written raw: the text is digits and "-:.+T" only, and the default encoder would send '+' as \u002B.
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteRawValue("\"" + value.ToString(Format, CultureInfo.InvariantCulture) + "\"", skipInputValidation: true);
}
