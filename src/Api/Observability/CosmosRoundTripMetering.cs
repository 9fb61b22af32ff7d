using Alvys.Customers.Infrastructure.Cosmos;

namespace Alvys.Customers.Api.Observability;

/// <summary>Records how many Cosmos round trips each HTTP request took, by route: the service's cost per call.</summary>
public sealed class CosmosRoundTripMetering(RequestDelegate next, CustomerMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var tally = CosmosRoundTrips.Begin();
        try
        {
            await next(context);
        }
        finally
        {
            metrics.RoundTrips(tally.Count, context.Request.Method, (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText);
        }
    }
}
