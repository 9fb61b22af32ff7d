using Alvys.Customers.Application.Customers;

namespace Alvys.Customers.UnitTests.Application;

public sealed class IfMatchTests
{
    private const string Current = "\"00000000-0000-0000-b5b6-3f1b2c6f01da\"";

    [Theory]
    [InlineData("*")]
    [InlineData(Current)]
    [InlineData("\"a\", " + Current)]
    [InlineData("\"a\"," + Current + ",\"b\"")]
    [InlineData("00000000-0000-0000-b5b6-3f1b2c6f01da")]
    public void Matches_TheCurrentVersion(string header) =>
        Assert.True(IfMatch.Parse([header]).Matches(Current));

    [Theory]
    [InlineData("\"other\"")]
    [InlineData("W/" + Current)]
    [InlineData("\"a\", W/" + Current)]
    [InlineData("\"unterminated")]
    [InlineData(",")]
    public void DoesNotMatch_AnythingElse(string header) =>
        Assert.False(IfMatch.Parse([header]).Matches(Current));

    [Fact]
    public void SeveralHeaderLines_FormOneList() =>
        Assert.True(IfMatch.Parse(["\"a\"", Current]).Matches(Current));

    [Fact]
    public void QuotedTagsMayContainCommas() =>
        Assert.True(IfMatch.Parse(["\"x,y\", \"z\""]).Matches("\"x,y\""));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AbsentOrBlank_IsMissing(string? header)
    {
        var ifMatch = IfMatch.Parse(header is null ? [] : [header]);

        Assert.False(ifMatch.IsPresent);
        Assert.False(ifMatch.Matches(Current));
    }
}
