using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alvys.Customers.Api.Tests.Infrastructure;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>
/// docs/openapi/v1.json is the document the API serves, written out: partners read it without running the service,
/// a change to the contract shows up in review as a change to this file, and the generated client of
/// GeneratedClientTests is generated from it at build time. It cannot drift: this test fails when the
/// served document differs, and <c>UPDATE_OPENAPI=1</c> writes the served one in its place.
/// </summary>
[Collection(ApiHosts.PlatformApi)]
public sealed class PublishedDocumentTests(ApiFactory api)
{
    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string PublishedPath
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Alvys.Customers.sln")))
            {
                directory = directory.Parent;
            }

            Assert.NotNull(directory);
            return Path.Combine(directory.FullName, "docs", "openapi", "v1.json");
        }
    }

    /// <summary>
    /// A served document as the published file holds it: without its servers entry, which names the host that answered
    /// (partners have their own base address), indented, with Unix line ends.
    /// </summary>
    public static string AsPublished(string served)
    {
        var document = JsonNode.Parse(served)!.AsObject();
        document.Remove("servers");
        return document.ToJsonString(Written).ReplaceLineEndings("\n") + "\n";
    }

    [Fact]
    public async Task PublishedDocument_IsTheServedDocument()
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = AsPublished(await response.Content.ReadAsStringAsync());

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(PublishedPath, expected);
        }

        var published = File.Exists(PublishedPath) ? (await File.ReadAllTextAsync(PublishedPath)).ReplaceLineEndings("\n") : "";
        Assert.True(
            expected == published,
            $"{PublishedPath} is not the document the API serves. Write the served one with " +
            "`UPDATE_OPENAPI=1 dotnet test tests/Api.Tests --filter PublishedDocument`, then rebuild (the generated client follows it).");
    }
}
