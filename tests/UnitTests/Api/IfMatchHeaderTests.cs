using Alvys.Customers.Api.Http;
using Microsoft.Extensions.Primitives;

namespace Alvys.Customers.UnitTests.Api;

/// <summary>If-Match as the Api reads it, with the framework's entity-tag parser.</summary>
public sealed class IfMatchHeaderTests
{
    private static Alvys.Customers.Application.Customers.IfMatch Parse(params string[] lines) => EntityTags.ParseIfMatch(new StringValues(lines));

    private const string Current = "\"00000000-0000-0000-b5b6-3f1b2c6f01da\"";

    [Theory]
    [InlineData("*")]
    [InlineData(Current)]
    [InlineData("\"a\", " + Current)]
    [InlineData("\"a\"," + Current + ",\"b\"")]
    [InlineData("00000000-0000-0000-b5b6-3f1b2c6f01da")]
    public void Matches_TheCurrentVersion(string header) =>
        Assert.True(Parse(header).Matches(Current));

    [Theory]
    [InlineData("\"other\"")]
    [InlineData("W/" + Current)]
    [InlineData("\"a\", W/" + Current)]
    [InlineData("\"unterminated")]
    [InlineData(",")]
    public void DoesNotMatch_AnythingElse(string header) =>
        Assert.False(Parse(header).Matches(Current));

    [Fact]
    public void SeveralHeaderLines_FormOneList() =>
        Assert.True(Parse("\"a\"", Current).Matches(Current));

    [Fact]
    public void QuotedTagsMayContainCommas() =>
        Assert.True(Parse("\"x,y\", \"z\"").Matches("\"x,y\""));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AbsentOrBlank_IsMissing(string? header)
    {
        var ifMatch = header is null ? Parse() : Parse(header);

        Assert.False(ifMatch.IsPresent);
        Assert.False(ifMatch.Matches(Current));
    }

    [Theory]
    [InlineData("*")]
    [InlineData(Current)]
    [InlineData("W/" + Current)]
    [InlineData("\"a\", W/\"b\"")]
    [InlineData("\"x,y\", \"z\"")]
    [InlineData("00000000-0000-0000-b5b6-3f1b2c6f01da")]
    [InlineData("bare, tags")]
    [InlineData("")]
    public void WellFormed_AreTheListsAndTheBareTags(string header) =>
        Assert.True(EntityTags.IsWellFormed(new StringValues(header)));

    [Theory]
    [InlineData("\"unterminated")]
    [InlineData("garbage\"")]
    [InlineData("\"a\"\"b\"")]
    [InlineData("\"a\" \"b\"")]
    [InlineData("\"")]
    public void Malformed_IsALineWithQuotesThatIsNoList(string header) =>
        Assert.False(EntityTags.IsWellFormed(new StringValues(header)));

    [Fact]
    public void OneMalformedLine_MakesTheHeaderMalformed() =>
        Assert.False(EntityTags.IsWellFormed(new StringValues([Current, "\"open"])));
}
