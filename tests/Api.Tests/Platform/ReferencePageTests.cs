using System.Net;
using System.Text.RegularExpressions;
using Alvys.Customers.Api.Tests.Infrastructure;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>
/// The reference page at /docs: anonymous, rendered from the served document, and nothing on it calls a host other than
/// this API (no internet on partners' locked-down networks, no partner traffic to third parties). The rendering itself
/// is checked in headless Chromium by .ci/run (tools/openapi-lint/reference-page.mjs).
/// </summary>
[Collection(ApiHosts.PlatformApi)]
public sealed partial class ReferencePageTests(ApiFactory api)
{
    [Fact]
    public async Task Docs_IsServedAnonymously_FromTheServedDocument_WithEveryAssetFromThisHost()
    {
        var client = api.CreateClient(new() { AllowAutoRedirect = false });

        var redirect = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/docs/", new Uri(new Uri("http://localhost/docs"), redirect.Headers.Location!).AbsolutePath);

        var page = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(AbsoluteUrl(), html);
        foreach (var setting in new[] { "\"withDefaultFonts\":false", "\"telemetry\":false", "\"agent\":{\"disabled\":true}", "\"mcp\":{\"disabled\":true}", "\"showDeveloperTools\":\"never\"", "\"hideClientButton\":true" })
        {
            Assert.Contains(setting, html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("proxyUrl", html, StringComparison.Ordinal);

        var scripts = ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ToArray();
        Assert.Equal(["scalar.js", "scalar.aspnetcore.js"], scripts);
        foreach (var script in scripts)
        {
            var asset = await client.GetAsync($"/docs/{script}");
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal("text/javascript", asset.Content.Headers.ContentType!.MediaType);
            Assert.True(asset.Content.Headers.ContentLength > 0 || (await asset.Content.ReadAsByteArrayAsync()).Length > 0, script);
        }
    }

    [GeneratedRegex("""(src|href|url)\s*=\s*["']?(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex("""<script[^>]*\ssrc="(?<src>[^"]+)""")]
    private static partial Regex ScriptSource();
}
