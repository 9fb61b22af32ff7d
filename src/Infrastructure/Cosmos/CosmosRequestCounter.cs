using System.Diagnostics.Metrics;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>
/// Counts every HTTP request the Cosmos client sends, query-plan requests and retries included: the
/// service's cost is its round trips, so they are measured where they leave the process.
/// </summary>
public sealed class CosmosRequestCounter : IDisposable
{
    public const string MeterName = "Alvys.Customers.Cosmos";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _requests;
    private long _total;

    public CosmosRequestCounter() =>
        _requests = _meter.CreateCounter<long>("alvys.cosmos.requests", unit: "{request}", description: "HTTP requests sent to Cosmos DB");

    /// <summary>Requests sent by this client since it was created.</summary>
    public long Total => Interlocked.Read(ref _total);

    internal void Record()
    {
        Interlocked.Increment(ref _total);
        _requests.Add(1);
    }

    public void Dispose() => _meter.Dispose();

    internal sealed class Handler(CosmosRequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Record();
            return base.SendAsync(request, cancellationToken);
        }
    }
}
