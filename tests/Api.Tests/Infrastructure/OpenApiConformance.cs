using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Alvys.Customers.Api.Tests.Infrastructure;

/// <summary>
/// Holds every response a test receives to the OpenAPI document the same host serves: the operation must exist
/// for the path and method, list the status, offer the content type, and the body must match its schema
/// (JsonSchema.Net over the document's own components). Every object the document describes is held closed: a member
/// the response carries that its schema does not declare is a disagreement too, as is a required member it lacks.
/// A read without <c>fields</c> is held to a customer with every member: the document lets a selection leave members out.
/// A disagreement fails the test that received it.
/// </summary>
public sealed class OpenApiConformance
{
    // Per instance: each host's document, and each schema built from it, has an address of its own in the registry.
    private readonly Uri _base = new($"https://alvys.test/{Guid.NewGuid():N}/");
    private readonly JsonElement _paths;
    private readonly (Regex Pattern, string Template, int Parameters)[] _templates;
    private readonly BuildOptions _build;
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    private OpenApiConformance(JsonElement served)
    {
        var document = Closed(served);
        _paths = document.GetProperty("paths");
        _templates = _paths.EnumerateObject()
            .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Name), @"\\\{[^/]+?\}", "[^/]+") + "$", RegexOptions.CultureInvariant), p.Name, p.Name.Count(c => c == '{')))
            .OrderBy(t => t.Item3)
            .ToArray();
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri(whole: false), new JsonElementBaseDocument(document, DocumentUri(whole: false)));
        registry.Register(DocumentUri(whole: true), new JsonElementBaseDocument(WholeCustomers(document), DocumentUri(whole: true)));
        _build = new BuildOptions { SchemaRegistry = registry };
    }

    public static async Task<OpenApiConformance> LoadAsync(HttpClient client)
    {
        var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return new OpenApiConformance(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>What is wrong with <paramref name="response"/> by the document, or null when nothing is (or the path is not one it describes).</summary>
    public async Task<string?> CheckAsync(HttpRequestMessage request, HttpResponseMessage response)
    {
        var path = request.RequestUri!.AbsolutePath.Replace("/api/p/v1.0/", "/api/p/v1/", StringComparison.Ordinal);
        var template = _templates.FirstOrDefault(t => t.Pattern.IsMatch(path)).Template;
        var method = request.Method.Method.ToLowerInvariant();
        if (template is null || response.StatusCode == HttpStatusCode.MethodNotAllowed)
        {
            // Paths the document does not describe (health, the document itself, unknown routes) and methods a path does not take.
            return null;
        }

        var where = $"{request.Method} {path} → {(int)response.StatusCode}";
        if (!_paths.GetProperty(template).TryGetProperty(method, out var operation))
        {
            return $"{where}: the document has no {method} operation for {template}";
        }

        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.GetProperty("responses").TryGetProperty(status, out var documented))
        {
            return $"{where}: status {status} is not documented for this operation";
        }

        var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync();
        if (body.Length == 0 || request.Method == HttpMethod.Head)
        {
            return null;
        }

        var mediaType = response.Content!.Headers.ContentType?.MediaType;
        if (mediaType is null || !documented.TryGetProperty("content", out var content) || !content.TryGetProperty(mediaType, out var media))
        {
            return $"{where}: content type {mediaType} is not documented";
        }

        if (!media.TryGetProperty("schema", out var schemaElement))
        {
            return null;
        }

        var whole = !System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query).AllKeys.Contains("fields");
        var schema = SchemaFor($"{template} {method} {status} {mediaType} {whole}", schemaElement, whole);
        var instance = JsonDocument.Parse(body).RootElement;
        if (schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
        {
            return null;
        }

        // Only a failure pays for the detailed account of where the body and the schema part.
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return $"{where}: the body does not match its schema: " +
              string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}")).Take(5));
    }

    /// <summary>
    /// The document with <c>additionalProperties: false</c> on every schema that lists properties and says nothing of
    /// others: what the API writes beyond the document is what a generated client cannot see.
    /// </summary>
    private static JsonElement Closed(JsonElement document)
    {
        var root = JsonNode.Parse(document.GetRawText())!;
        Close(root);
        return JsonSerializer.SerializeToElement(root);

        static void Close(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject schema:
                    if (schema["properties"] is JsonObject && !schema.ContainsKey("additionalProperties"))
                    {
                        schema["additionalProperties"] = false;
                    }

                    foreach (var (_, child) in schema.ToArray())
                    {
                        Close(child);
                    }

                    break;
                case JsonArray items:
                    foreach (var child in items)
                    {
                        Close(child);
                    }

                    break;
            }
        }
    }

    /// <summary>The document with every member of a customer as read required: what a read without fields answers.</summary>
    private static JsonElement WholeCustomers(JsonElement document)
    {
        var root = JsonNode.Parse(document.GetRawText())!;
        var customer = root["components"]!["schemas"]!["CustomerResponse"]!.AsObject();
        customer["required"] = new JsonArray([.. customer["properties"]!.AsObject().Select(member => (JsonNode)JsonValue.Create(member.Key))]);
        return JsonSerializer.SerializeToElement(root);
    }

    /// <summary>Each response schema built once: a built schema is registered under its URI, which may be done only once.</summary>
    private Uri DocumentUri(bool whole) => new(_base, whole ? "whole-customers.json" : "openapi.json");

    private JsonSchema SchemaFor(string key, JsonElement schema, bool whole)
    {
        lock (_schemas)
        {
            if (!_schemas.TryGetValue(key, out var built))
            {
                built = JsonSchema.FromText(Resolved(schema, whole), _build, new Uri(_base, $"responses/{_schemas.Count}.json"));
                _schemas[key] = built;
            }

            return built;
        }
    }

    /// <summary>The schema with its references made absolute, so they resolve in the document registered above.</summary>
    private string Resolved(JsonElement schema, bool whole) =>
        schema.GetRawText().Replace("\"#/components/", $"\"{DocumentUri(whole)}#/components/", StringComparison.Ordinal);
}

/// <summary>Checks each response of a test client against the document, and fails the request that disagrees.</summary>
public sealed class OpenApiConformanceHandler(Func<Task<OpenApiConformance>> conformance) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        if (await (await conformance()).CheckAsync(request, response) is { } violation)
        {
            throw new Xunit.Sdk.XunitException("OpenAPI conformance: " + violation);
        }

        return response;
    }
}
