using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.UnitTests.Webhooks;

public sealed class WebhookUrlTests
{
    [Theory]
    [InlineData("https://hooks.partner.example/alvys")]
    [InlineData("https://hooks.partner.example:8443/alvys?tenant=7")]
    [InlineData("  https://8.8.8.8/hook ")]
    [InlineData("https://[2606:4700::1111]/hook")]
    public void APublicHttpsUrl_IsAccepted(string url)
    {
        var created = WebhookUrl.Create(url, allowLoopback: false);

        Assert.True(created.IsSuccess, string.Join("; ", created.ValidationErrors.Select(e => e.ErrorMessage)));
        Assert.Equal(url.Trim(), created.Value.ToString());
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("  ", "required")]
    [InlineData("/relative/path", "absolute")]
    [InlineData("hooks.partner.example/alvys", "absolute")]
    [InlineData("http://hooks.partner.example/alvys", "https")]
    [InlineData("ftp://hooks.partner.example/alvys", "https")]
    [InlineData("file:///etc/passwd", "absolute")]
    [InlineData("https://user:secret@hooks.partner.example/", "user-info")]
    [InlineData("https://localhost/hook", "loopback")]
    [InlineData("https://LOCALHOST./hook", "loopback")]
    [InlineData("https://api.localhost/hook", "loopback")]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://2130706433/hook", "loopback")]
    [InlineData("https://0x7f.0.0.1/hook", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "loopback")]
    [InlineData("https://10.0.0.5/hook", "loopback")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://[::ffff:192.168.0.1]/hook", "loopback")]
    [InlineData("https://[fd00::5]/hook", "loopback")]
    [InlineData("https://0.0.0.0/hook", "loopback")]
    [InlineData("http://127.0.0.1:8080/hook", "https")]
    public void AnythingElse_IsInvalidOnUrl(string? url, string reason)
    {
        var created = WebhookUrl.Create(url, allowLoopback: false);

        Assert.False(created.IsSuccess);
        var error = Assert.Single(created.ValidationErrors);
        Assert.Equal("Url", error.Identifier);
        Assert.Contains(reason, error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AUrlOver2048Characters_IsInvalid()
    {
        var url = "https://hooks.partner.example/" + new string('a', WebhookUrl.MaxLength);

        Assert.Contains("2048", Assert.Single(WebhookUrl.Create(url, allowLoopback: false).ValidationErrors).ErrorMessage, StringComparison.Ordinal);
        Assert.True(WebhookUrl.Create(url[..WebhookUrl.MaxLength], allowLoopback: false).IsSuccess);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5099/hook", true)]
    [InlineData("http://localhost:5099/hook", true)]
    [InlineData("https://localhost:5099/hook", true)]
    [InlineData("http://127.0.0.1/hook", false)]
    [InlineData("http://10.0.0.1:5099/hook", false)]
    [InlineData("http://169.254.169.254:80/hook", false)]
    [InlineData("http://hooks.partner.example:8080/hook", false)]
    public void AllowLoopbackTargets_AcceptsOnlyLoopbackWithAPort(string url, bool accepted) =>
        Assert.Equal(accepted, WebhookUrl.Create(url, allowLoopback: true).IsSuccess);
}
