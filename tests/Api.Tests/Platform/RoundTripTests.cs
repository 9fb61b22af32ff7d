using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Api.Tests.Platform;

/// <summary>
/// Cosmos round trips per API request, counted where requests leave the Cosmos client. This class has an
/// API host of its own, so requests of tests running in parallel do not reach its counter.
/// </summary>
public sealed class RoundTripTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly string _tenant = ApiFactory.NewTenant();

    [Fact]
    public async Task Reads_TakeOneCosmosRequestEach()
    {
        var companyNumber = "RT-" + Guid.NewGuid().ToString("N")[..8];
        var (customer, _) = await api.SeedAsync(_tenant, new CustomerFields { Name = "Round Trip Co", Type = "Customer", CompanyNumber = companyNumber });
        var client = api.ClientFor(_tenant, "customer:read");
        // Warm-up: the first request of a client also reads account, collection and partition-range metadata.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/p/v1/customers/{customer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/p/v1/customers?companyNumber={companyNumber}")).StatusCode);

        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers/{customer.Id}", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers?id={customer.Id}", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, $"/api/p/v1/customers?companyNumber={companyNumber}", HttpStatusCode.OK));
        Assert.Equal(1, await CountAsync(client, "/api/p/v1/customers/0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound));
        Assert.Equal(0, await CountAsync(client, "/api/p/v1/customers/not-a-customer-id", HttpStatusCode.NotFound));
    }

    private async Task<long> CountAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        var before = api.CosmosRequests.Total;
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return api.CosmosRequests.Total - before;
    }
}
