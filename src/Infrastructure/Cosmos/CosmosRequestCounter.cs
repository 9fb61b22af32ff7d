using System.Diagnostics.Metrics;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// Counts the round trips the service makes to Cosmos DB and the request units they cost, by operation.
/// Logical operations are counted in the SDK's request pipeline (<see cref="Operations"/>), which every
/// operation passes in Gateway and Direct mode alike; the SDK's own retries happen below it and are not
/// counted again. Query-plan requests are the exception: <see cref="QueryPlanCache"/> answers most of them
/// from memory, so they are counted at the HTTP layer (<see cref="PlanRequests"/>), only when one leaves the process.
/// </summary>
public sealed class CosmosRequestCounter : IDisposable
{
    public const string MeterName = "Alvys.Customers.Cosmos";

    private const string QueryPlanHeader = "x-ms-cosmos-is-query-plan-request";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _requestCharge;
    private long _total;
    private long _queryPlans;

    public CosmosRequestCounter()
    {
        _operations = _meter.CreateCounter<long>("alvys.cosmos.operations", unit: "{operation}", description: "Round trips to Cosmos DB, by operation");
        _requestCharge = _meter.CreateHistogram<double>("alvys.cosmos.request_charge", unit: "{request_unit}", description: "Request units charged per Cosmos DB operation");
    }

    /// <summary>Round trips made by this client since it was created.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Query plans fetched from the gateway (not answered by <see cref="QueryPlanCache"/>) since the client was created.</summary>
    public long QueryPlansFetched => Interlocked.Read(ref _queryPlans);

    public void Dispose() => _meter.Dispose();

    private void Record(string operation, double requestCharge)
    {
        Interlocked.Increment(ref _total);
        CosmosRoundTrips.Add();
        var tag = new KeyValuePair<string, object?>("db.operation.name", operation);
        _operations.Add(1, tag);
        _requestCharge.Record(requestCharge, tag);
    }

    /// <summary>One name per kind of operation the repository issues, from what the request carries.</summary>
    private static string OperationOf(RequestMessage request)
    {
        if (request.Headers["x-ms-documentdb-isquery"] is { } isQuery && isQuery.Equals("True", StringComparison.OrdinalIgnoreCase))
        {
            return "query";
        }

        var path = request.RequestUri?.OriginalString.TrimEnd('/') ?? string.Empty;
        var onItem = path.Contains("/docs/", StringComparison.Ordinal);
        return request.Method.Method switch
        {
            "GET" when onItem => "read",
            "GET" => "read_feed",
            "POST" => "create",
            "PUT" => "replace",
            "PATCH" => "patch",
            "DELETE" => "delete",
            var method => method.ToLowerInvariant(),
        };
    }

    /// <summary>The SDK pipeline stage: one count and one request charge per logical operation.</summary>
    internal sealed class Operations(CosmosRequestCounter counter) : RequestHandler
    {
        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Headers[QueryPlanHeader] is null)
            {
                counter.Record(OperationOf(request), response.Headers.RequestCharge);
            }

            return response;
        }
    }

    /// <summary>The HTTP stage, under the plan cache: a query-plan request that really goes to the gateway.</summary>
    internal sealed class PlanRequests(CosmosRequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Contains(QueryPlanHeader))
            {
                Interlocked.Increment(ref counter._queryPlans);
                counter.Record("query_plan", 0);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
