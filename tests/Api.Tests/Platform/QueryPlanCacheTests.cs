using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>
/// QueryPlanCache rests on what the SDK sends: on Linux it asks the gateway for a plan before a query with an
/// aggregate, even a partition-scoped one, marking the request with <c>x-ms-cosmos-is-query-plan-request</c> and the
/// partition key. If an SDK update stops sending that header (or stops asking for plans), this test fails: the cache
/// then recognises nothing and should go.
/// </summary>
[Collection(ApiHosts.PlatformApi)]
public sealed class QueryPlanCacheTests(ApiFactory api)
{
    [Fact]
    public async Task APartitionScopedCount_FetchesItsPlanOnce_AndThenFromMemory()
    {
        var container = api.Services.GetRequiredService<CustomerContainer>().Container;
        var counter = api.CosmosRequests;
        // A query text no other test sends, so that its plan cannot be in the cache yet.
        var query = new QueryDefinition($"SELECT VALUE COUNT(1) FROM c WHERE c.status = @status AND c.id != '{Guid.NewGuid():N}'")
            .WithParameter("@status", "Active");
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(ApiFactory.NewTenant()) };

        async Task<(long Plans, long RoundTrips)> CountAsync()
        {
            var (plans, roundTrips) = (counter.QueryPlansFetched, counter.Total);
            using var iterator = container.GetItemQueryIterator<int>(query, requestOptions: options);
            while (iterator.HasMoreResults)
            {
                Assert.Equal(0, (await iterator.ReadNextAsync()).Sum());
            }

            return (counter.QueryPlansFetched - plans, counter.Total - roundTrips);
        }

        var first = await CountAsync();
        var second = await CountAsync();

        // The first: its plan from the gateway, then the query. The second: the query alone — one round trip saved.
        Assert.Equal((1L, 2L), first);
        Assert.Equal((0L, 1L), second);
    }
}
