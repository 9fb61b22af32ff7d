using System.Text;
using Alvys.Customers.Infrastructure.Cosmos;

namespace Alvys.Customers.UnitTests.Infrastructure;

/// <summary>A response body reads the same from the SDK's in-memory buffer as from any other stream.</summary>
public sealed class CosmosJsonTests
{
    private const string Body = """{"id":"a1","count":3}""";

    [Fact]
    public async Task ExpandableMemoryStream_IsReadFromItsBuffer_FromItsPosition()
    {
        // As the SDK leaves it: written into a growable stream, then rewound — here to just past a prefix.
        var stream = new MemoryStream();
        stream.Write(Encoding.UTF8.GetBytes("xx" + Body));
        stream.Position = 2;

        var read = await CosmosJson.ReadAsync<Dictionary<string, object>>(stream, CancellationToken.None);

        Assert.Equal(["id", "count"], read!.Keys);
        Assert.Equal("a1", read["id"].ToString());
    }

    [Fact]
    public async Task OtherStreams_AreReadAsStreams()
    {
        using var fixedBuffer = new MemoryStream(Encoding.UTF8.GetBytes(Body), writable: false);
        using var buffered = new BufferedStream(new MemoryStream(Encoding.UTF8.GetBytes(Body)));

        var fromFixed = await CosmosJson.ReadAsync<Dictionary<string, object>>(fixedBuffer, CancellationToken.None);
        var fromBuffered = await CosmosJson.ReadAsync<Dictionary<string, object>>(buffered, CancellationToken.None);

        Assert.Equal("3", fromFixed!["count"].ToString());
        Assert.Equal("3", fromBuffered!["count"].ToString());
    }

    [Fact]
    public async Task MalformedBody_FailsAsJson_EitherWay()
    {
        var expandable = new MemoryStream();
        expandable.Write("{\"id\":"u8);
        expandable.Position = 0;

        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => CosmosJson.ReadAsync<Dictionary<string, object>>(expandable, CancellationToken.None).AsTask());
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() =>
            CosmosJson.ReadAsync<Dictionary<string, object>>(new MemoryStream("{\"id\":"u8.ToArray(), writable: false), CancellationToken.None).AsTask());
    }
}
