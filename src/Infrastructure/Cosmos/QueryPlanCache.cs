using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// Answers repeated query-plan requests from memory. On Linux the SDK has no local query planner, so before it
/// runs a query with an aggregate (our search's <c>COUNT</c>) it asks the gateway for a plan — a full round trip —
/// even when the query is confined to one partition and then runs directly there. For such a query the plan only
/// checks the query; its partition ranges are not used, because the partition key decides the target. So a plan
/// depends on the query text alone and is cached by it, for partition-scoped requests only.
/// </summary>
internal sealed class QueryPlanCache : DelegatingHandler
{
    private const int Capacity = 512;
    private readonly ConcurrentDictionary<string, CachedPlan> _plans = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsPartitionScopedPlanRequest(request) || await QueryTextAsync(request, cancellationToken) is not { } key)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (_plans.TryGetValue(key, out var cached))
        {
            return cached.ToResponse(request);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.OK && _plans.Count < Capacity)
        {
            var plan = await CachedPlan.CaptureAsync(response, cancellationToken);
            _plans.TryAdd(key, plan);
            return plan.ToResponse(request);
        }

        return response;
    }

    private static bool IsPartitionScopedPlanRequest(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post
        && request.Headers.TryGetValues("x-ms-cosmos-is-query-plan-request", out var plan) && plan.Any(v => v.Equals("True", StringComparison.OrdinalIgnoreCase))
        && request.Headers.TryGetValues("x-ms-documentdb-partitionkey", out var partitionKey) && partitionKey.Any(v => v.Length > 2 && v != "[{}]");

    /// <summary>The container path and the query text; parameter values do not change a plan.</summary>
    private static async Task<string?> QueryTextAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null)
        {
            return null;
        }

        // The body stays readable: StringContent/ByteArrayContent buffer, and the SDK sends buffered bodies.
        var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.String
                ? request.RequestUri!.AbsolutePath + "\n" + query.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class CachedPlan(byte[] body, KeyValuePair<string, string[]>[] headers, KeyValuePair<string, string[]>[] contentHeaders)
    {
        public static async Task<CachedPlan> CaptureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var plan = new CachedPlan(
                body,
                response.Headers.Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.ToArray())).ToArray(),
                response.Content.Headers.Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.ToArray())).ToArray());
            response.Dispose();
            return plan;
        }

        public HttpResponseMessage ToResponse(HttpRequestMessage request)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(body) };
            foreach (var (name, values) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, values);
            }

            foreach (var (name, values) in contentHeaders)
            {
                response.Content.Headers.TryAddWithoutValidation(name, values);
            }

            return response;
        }
    }
}
