using System.Net;
using System.Text.Json;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>The OpenAPI document a test host serves, and its operations.</summary>
public static class ServedDocument
{
    private static readonly string[] Methods = ["get", "head", "post", "patch", "delete", "put"];

    public static async Task<JsonElement> LoadAsync(ApiFactory api)
    {
        var response = await api.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>Every operation of the document: its path template, its method (lower case) and its object.</summary>
    public static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => Methods.Contains(op.Name))
            .Select(op => (path.Name, op.Name, op.Value)));
}
