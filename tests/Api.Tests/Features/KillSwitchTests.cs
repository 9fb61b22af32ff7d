using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Features;

/// <summary>An API host whose configuration the test can change at run time.</summary>
public sealed class ReloadableApiFactory : IDisposable
{
    private readonly ApiFactory _base = new();

    public ReloadableApiFactory() =>
        Api = _base.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, configuration) => configuration.Add(Settings)));

    public ReloadableSettings Settings { get; } = new();

    public WebApplicationFactory<Program> Api { get; }

    // Disposing the base factory disposes the derived one with it.
    public void Dispose() => _base.Dispose();
}

public sealed class KillSwitchTests(ReloadableApiFactory host) : IClassFixture<ReloadableApiFactory>
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client()
    {
        var client = host.Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(
            _tenant, ["customer:read", "customer:create", "customer:update", "customer:delete"]));
        return client;
    }

    private static async Task AssertDisabledAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "EndpointDisabled");
        Assert.Equal(TimeSpan.FromSeconds(3600), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task WritesOff_Answer503WithRetryAfter_ReadsKeepWorking_AndOnAgainWithoutRestart()
    {
        var client = Client();
        var (id, etag) = await client.CreateAsync(new { Name = Unique("Before Switch"), Type = "Customer" });

        host.Settings.Set("FeatureManagement:CustomerWrites", "false");
        try
        {
            await AssertDisabledAsync(await client.PostAsync(CustomersPath, JsonBody(new { Name = Unique("Blocked"), Type = "Customer" })));
            // Disabled means disabled whatever the body: not a 400 for a body that would be invalid.
            await AssertDisabledAsync(await client.PostAsync(CustomersPath, JsonBody("{ not json")));
            await AssertDisabledAsync(await client.PatchAsync(id, new { Fax = "1" }, etag));
            await AssertDisabledAsync(await client.DeleteAsync(id, etag));

            var read = await client.GetAsync($"{CustomersPath}/{id}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal(etag, read.Headers.ETag!.Tag);
            Assert.Equal("Active", (await read.ReadJsonAsync()).GetProperty("Status").GetString());
        }
        finally
        {
            host.Settings.Set("FeatureManagement:CustomerWrites", "true");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(id, new { Fax = "2" }, etag)).StatusCode);
        await client.CreateAsync(new { Name = Unique("After Switch"), Type = "Customer" });
    }
}
