using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>
/// The API host of the webhook tests, with the receiver its webhooks point at: Development (the only environment that
/// may allow loopback targets), loopback targets allowed, and a verification timeout of one second.
/// </summary>
public sealed class WebhooksApi : IAsyncLifetime
{
    public const string Collection = "Webhooks API host";
    public const string WebhooksPath = "/api/p/v1/webhooks";

    /// <summary>A host that delivers to loopback receivers (so in Development), with delays and a timeout short enough that retries and hangs fit in a test.</summary>
    public static readonly IReadOnlyDictionary<string, string> Delivering = new Dictionary<string, string>
    {
        ["Webhooks:AllowLoopbackTargets"] = "true",
        ["Webhooks:Enabled"] = "true",
        ["Webhooks:PollInterval"] = "00:00:00.250",
        ["Webhooks:RetryDelays"] = "00:00:01,00:00:01,00:00:01",
        ["Webhooks:Timeout"] = "00:00:02",
    };

    public ApiFactory Api { get; } = ApiFactory.With(
        new Dictionary<string, string>(Delivering)
        {
            ["environment"] = "Development",
            ["Webhooks:VerificationTimeout"] = "00:00:01",
            ["Webhooks:LagEstimationInterval"] = "00:00:00.500",
        },
        _ => { });

    public LoopbackReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync() => Receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Api.DisposeAsync();
    }

    public HttpClient Manager(string tenant) => Api.ClientFor(tenant, "webhook:read", "webhook:manage");

    /// <summary>Creates a webhook (201 asserted) and answers its body.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsync(WebhooksPath, JsonBody(body));
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {json}");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>The webhook once it has left the state verification starts from (Pending with no reason), within 10 s.</summary>
    public static async Task<(JsonElement Webhook, string ETag)> SettledAsync(HttpClient client, string id)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await client.GetAsync($"{WebhooksPath}/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var webhook = await response.ReadJsonAsync();
            if (webhook.GetProperty("Status").GetString() != "Pending" || webhook.GetProperty("StatusReason").ValueKind != JsonValueKind.Null)
            {
                return (webhook, response.Headers.ETag!.Tag);
            }

            Assert.True(DateTime.UtcNow < until, $"Webhook {id} was still awaiting verification after 10 s.");
            await Task.Delay(50);
        }
    }

    public static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, object patch, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"{WebhooksPath}/{id}") { Content = JsonBody(patch, "application/merge-patch+json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}

[CollectionDefinition(WebhooksApi.Collection)]
public sealed class WebhooksApiHost : ICollectionFixture<WebhooksApi>;
