using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>
/// The examples a partner copies from the reference page work as shown: every request example, sent as it stands, is
/// answered with the status of the response example beside it, and every response example is a body its schema admits.
/// </summary>
[Collection(ApiHosts.PlatformApi)]
public sealed class ReferenceGuideTests(ApiFactory api)
{
    private static readonly string[] AllScopes = ["customer:read", "customer:create", "customer:update", "customer:delete", "webhook:read", "webhook:manage"];

    /// <summary>The success status whose response carries an example: what the request example is answered with.</summary>
    private static string ExampleStatus(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject()
            .First(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any(m => m.Value.TryGetProperty("example", out _)))
            .Name;

    [Fact]
    public async Task EveryRequestExample_IsAnsweredWithTheStatusOfItsResponseExample()
    {
        var document = await ServedDocument.LoadAsync(api);
        var sent = new List<string>();

        foreach (var (path, method, operation) in ServedDocument.Operations(document))
        {
            if (!operation.TryGetProperty("requestBody", out var body))
            {
                continue;
            }

            foreach (var media in body.GetProperty("content").EnumerateObject())
            {
                Assert.True(media.Value.TryGetProperty("example", out var example), $"{method} {path} {media.Name} has no example");
                // Each in a tenant of its own, as a partner's first call: the example is answered as it would be there.
                var client = api.ClientFor(ApiFactory.NewTenant(), AllScopes);
                var (url, ifMatch) = await TargetAsync(client, path, document);
                var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = JsonBody(example.GetRawText(), media.Name) };
                if (ifMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
                }

                var response = await client.SendAsync(request);
                var answered = await response.Content.ReadAsStringAsync();
                var expected = ExampleStatus(operation);
                Assert.True(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) == expected,
                    $"{method} {path} {media.Name}: {(int)response.StatusCode}, the page shows {expected}: {answered}");

                // A batch's and a lookup's example answer show each item's own status: the example request's items are answered so.
                var shown = operation.GetProperty("responses").GetProperty(expected).GetProperty("content").EnumerateObject().First().Value.GetProperty("example");
                if (shown.TryGetProperty("Items", out var shownItems) && shownItems.EnumerateArray().Any(i => i.TryGetProperty("Status", out var status) && status.ValueKind == JsonValueKind.Number))
                {
                    var items = JsonDocument.Parse(answered).RootElement.GetProperty("Items");
                    Assert.Equal(
                        shownItems.EnumerateArray().Select(i => i.GetProperty("Status").GetInt32()).ToArray(),
                        items.EnumerateArray().Select(i => i.GetProperty("Status").GetInt32()).ToArray());
                }

                sent.Add($"{method} {path} {media.Name}");
            }
        }

        // Create, search, lookup, batch; merge patch and upsert in both media types they take; a webhook's create, and its
        // merge patch in both media types.
        Assert.Equal(11, sent.Count);
    }

    /// <summary>
    /// The operation's URL with its path parameters filled, and the If-Match it needs: /{id} is a customer created from
    /// the create example, sent with its ETag; a lookup finds that customer among the keys it names.
    /// </summary>
    private static async Task<(string Url, string? IfMatch)> TargetAsync(HttpClient client, string path, JsonElement document)
    {
        if (path.StartsWith(Webhooks.WebhooksApi.WebhooksPath, StringComparison.Ordinal) && path.EndsWith("/{id}", StringComparison.Ordinal))
        {
            // A webhook made from the create example, once its verification has ended (its host resolves nowhere here).
            var example = document.GetProperty("paths").GetProperty(Webhooks.WebhooksApi.WebhooksPath).GetProperty("post")
                .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
            var webhookId = (await Webhooks.WebhooksApi.CreateAsync(client, example)).GetProperty("Id").GetString()!;
            var (_, webhookETag) = await Webhooks.WebhooksApi.SettledAsync(client, webhookId);
            return (path.Replace("{id}", webhookId, StringComparison.Ordinal), webhookETag);
        }

        if (!path.EndsWith("/{id}", StringComparison.Ordinal) && !path.EndsWith("/lookup", StringComparison.Ordinal))
        {
            return (path.Replace("{externalId}", "crm-2002", StringComparison.Ordinal), null);
        }

        var create = document.GetProperty("paths").GetProperty(CustomersPath).GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        var (id, etag) = await client.CreateAsync(create);
        return path.EndsWith("/lookup", StringComparison.Ordinal) ? (path, null) : (path.Replace("{id}", id, StringComparison.Ordinal), etag);
    }

    [Fact]
    public async Task EveryResponseExample_IsABodyItsSchemaAdmits()
    {
        var document = await ServedDocument.LoadAsync(api);
        var conformance = await OpenApiConformance.LoadAsync(api.CreateClient());
        var checkedExamples = 0;

        foreach (var (path, method, operation) in ServedDocument.Operations(document))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                if (!response.Value.TryGetProperty("content", out var content))
                {
                    continue;
                }

                foreach (var media in content.EnumerateObject().Where(m => m.Value.TryGetProperty("example", out _)))
                {
                    var url = "http://localhost" + path.Replace("{id}", "3a61454a41604c24adf061d8304e1177", StringComparison.Ordinal).Replace("{externalId}", "crm-2002", StringComparison.Ordinal);
                    var answer = new HttpResponseMessage((HttpStatusCode)int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture))
                    {
                        Content = JsonBody(media.Value.GetProperty("example").GetRawText(), media.Name),
                    };
                    Assert.Null(await conformance.CheckAsync(new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url), answer));
                    checkedExamples++;
                }
            }
        }

        // Every operation that answers a body shows its main answer (8 of the customers', GET by id and by query alike, and
        // the 5 of the webhooks'); the create its 400 and 409, the merge patch its 412.
        Assert.Equal(20, checkedExamples);
    }
}
