using System.Text.Json;
using Alvys.Customers.Api.Http;

namespace Alvys.Customers.UnitTests.Api;

public sealed class DateFormatTests
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new FixedPrecisionDateTimeOffsetConverter() } };

    [Theory]
    [InlineData(1234567, "\"2024-10-01T12:30:45.1234567+00:00\"")]
    [InlineData(9540290, "\"2024-10-01T12:30:45.9540290+00:00\"")]
    [InlineData(0, "\"2024-10-01T12:30:45.0000000+00:00\"")]
    public void Instants_AreWrittenWithSevenFractionDigitsAndOffset(long ticks, string expected)
    {
        var instant = new DateTimeOffset(2024, 10, 1, 12, 30, 45, TimeSpan.Zero).AddTicks(ticks);

        Assert.Equal(expected, JsonSerializer.Serialize(instant, Options));
    }

    [Theory]
    [InlineData("\"2024-11-08T19:38:34.529Z\"")]
    [InlineData("\"2024-11-08T14:38:34.529-05:00\"")]
    public void Instants_AreReadFromAnyIso8601Form(string json) =>
        Assert.Equal(new DateTimeOffset(2024, 11, 8, 19, 38, 34, 529, TimeSpan.Zero), JsonSerializer.Deserialize<DateTimeOffset>(json, Options));
}
