using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Alvys.Customers.Api.Tests.Infrastructure;

public static class HttpHelpers
{
    public const string CustomersPath = "/api/p/v1/customers";

    public static StringContent JsonBody(string json, string mediaType = "application/json") =>
        new(json, Encoding.UTF8, mediaType);

    public static StringContent JsonBody(object body, string mediaType = "application/json") =>
        JsonBody(JsonSerializer.Serialize(body), mediaType);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string id, object patch, string? ifMatch, string mediaType = "application/merge-patch+json") =>
        client.PatchAsync(id, patch is string raw ? JsonBody(raw, mediaType) : JsonBody(patch, mediaType), ifMatch);

    public static Task<HttpResponseMessage> PatchAsync(this HttpClient client, string id, HttpContent content, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"{CustomersPath}/{id}") { Content = content };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string id, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"{CustomersPath}/{id}");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <summary>Creates a customer over HTTP and returns its id and ETag.</summary>
    public static async Task<(string Id, string ETag)> CreateAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsync(CustomersPath, JsonBody(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"create: {(int)response.StatusCode} {text}");
        var json = JsonDocument.Parse(text).RootElement;
        return (json.GetProperty("Id").GetString()!, response.Headers.ETag!.Tag);
    }

    /// <summary>The Items of a 200 answer (a batch's, a lookup's), failing with the answer's body when it is no 200.</summary>
    public static async Task<JsonElement[]> ItemsOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("Items").EnumerateArray().ToArray();
    }

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static EntityTagHeaderValue? ETagOf(HttpResponseMessage response) => response.Headers.ETag;
}
