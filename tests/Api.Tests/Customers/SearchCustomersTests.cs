using System.Globalization;
using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>One tenant of seven customers (five Active, two soft-deleted), shared by the search tests.</summary>
public sealed class SearchTenant : IAsyncLifetime
{
    public ApiFactory Api { get; } = new();

    public string Tenant { get; } = ApiFactory.NewTenant();

    /// <summary>The seven customers as read back, in creation order.</summary>
    public List<JsonElement> Customers { get; } = [];

    public HttpClient Client => Api.ClientFor(Tenant, "customer:read", "customer:create", "customer:delete");

    public async Task InitializeAsync()
    {
        var client = Client;
        for (var i = 0; i < 7; i++)
        {
            var (id, etag) = await client.CreateAsync(new { Name = $"Search Co {i}", Type = "Customer", CompanyNumber = Unique($"S{i}") });
            if (i is 2 or 5)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(id, etag)).StatusCode);
            }

            Customers.Add(await (await client.GetAsync($"{CustomersPath}/{id}")).ReadJsonAsync());
        }

        // Another tenant's customers must never show up here.
        await Api.ClientFor(ApiFactory.NewTenant(), "customer:create").CreateAsync(new { Name = "Elsewhere Co", Type = "Customer" });
    }

    public Task DisposeAsync()
    {
        Api.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class SearchCustomersTests(SearchTenant data) : IClassFixture<SearchTenant>
{
    private const string SearchPath = "/api/p/v1/customers/search";

    private async Task<JsonElement> SearchAsync(object body)
    {
        var response = await data.Client.PostAsync(SearchPath, JsonBody(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static string[] Ids(JsonElement page) => page.GetProperty("Items").EnumerateArray().Select(i => i.GetProperty("Id").GetString()!).ToArray();

    private string[] IdsOf(params int[] indexes) => indexes.Select(i => data.Customers[i].GetProperty("Id").GetString()!).ToArray();

    [Fact]
    public async Task PagingWithPageSize2_CoversEveryCustomerOnceInCreationOrder()
    {
        var seen = new List<string>();
        for (var page = 0; page < 4; page++)
        {
            var result = await SearchAsync(new { page, pageSize = 2, statuses = new[] { "Active", "Inactive" } });
            Assert.Equal(page, result.GetProperty("Page").GetInt32());
            Assert.Equal(2, result.GetProperty("PageSize").GetInt32());
            Assert.Equal(7, result.GetProperty("Total").GetInt32());
            seen.AddRange(Ids(result));
        }

        Assert.Equal(IdsOf(0, 1, 2, 3, 4, 5, 6), seen);
    }

    [Fact]
    public async Task APagePastTheEnd_IsEmptyWithTheTrueTotal()
    {
        var result = await SearchAsync(new { page = 9, pageSize = 2, statuses = new[] { "Active", "Inactive" } });

        Assert.Empty(Ids(result));
        Assert.Equal(7, result.GetProperty("Total").GetInt32());
    }

    [Fact]
    public async Task Response_HasTheSearchShapeAndItemsInTheReadShape()
    {
        var result = await SearchAsync(new { page = 0, pageSize = 1, statuses = new[] { "Active" } });

        Assert.Equal(["Page", "PageSize", "Total", "Items"], result.EnumerateObject().Select(p => p.Name).ToArray());
        var item = Assert.Single(result.GetProperty("Items").EnumerateArray());
        Assert.Equal(data.Customers[0].ToString(), item.ToString());
    }

    [Theory]
    [InlineData("Active", new[] { 0, 1, 3, 4, 6 })]
    [InlineData("Inactive", new[] { 2, 5 })]
    [InlineData("inactive", new[] { 2, 5 })]
    public async Task Statuses_FilterTheResult(string status, int[] expected)
    {
        var result = await SearchAsync(new { page = 0, pageSize = 100, statuses = new[] { status } });

        Assert.Equal(IdsOf(expected), Ids(result));
        Assert.Equal(expected.Length, result.GetProperty("Total").GetInt32());
    }

    [Fact]
    public async Task CreatedDateRange_BothBoundsInclusive()
    {
        var start = data.Customers[1].GetProperty("DateCreated").GetString();
        var end = data.Customers[4].GetProperty("DateCreated").GetString();

        var result = await SearchAsync(new { page = 0, pageSize = 100, statuses = new[] { "Active", "Inactive" }, createdDateRange = new { start, end } });

        Assert.Equal(IdsOf(1, 2, 3, 4), Ids(result));
        Assert.Equal(4, result.GetProperty("Total").GetInt32());
    }

    [Fact]
    public async Task CreatedDateRange_InAnotherOffset_MeansTheSameInstants()
    {
        static string InNewYork(JsonElement customer) =>
            customer.GetProperty("DateCreated").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(-5))
                .ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

        var result = await SearchAsync(new
        {
            page = 0, pageSize = 100, statuses = new[] { "Active" },
            createdDateRange = new { start = InNewYork(data.Customers[3]), end = InNewYork(data.Customers[6]) },
        });

        Assert.Equal(IdsOf(3, 4, 6), Ids(result));
    }

    [Fact]
    public async Task CreatedDateRange_WithOnlyAStart_IsOpenEnded()
    {
        var start = data.Customers[5].GetProperty("DateCreated").GetString();

        var result = await SearchAsync(new { page = 0, pageSize = 100, statuses = new[] { "Active", "Inactive" }, createdDateRange = new { start } });

        Assert.Equal(IdsOf(5, 6), Ids(result));
    }

    [Fact]
    public async Task MemberNames_BindInAnyCase()
    {
        var response = await data.Client.PostAsync(SearchPath, JsonBody("""{ "PAGE": 0, "PageSize": 3, "STATUSES": ["Active"] }"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadJsonAsync();
        Assert.Equal(IdsOf(0, 1, 3), Ids(result));
        Assert.Equal(5, result.GetProperty("Total").GetInt32());
    }

    [Fact]
    public async Task AnotherTenant_SeesNoneOfThese()
    {
        var response = await data.Api.ClientFor(ApiFactory.NewTenant(), "customer:read")
            .PostAsync(SearchPath, JsonBody(new { page = 0, pageSize = 100, statuses = new[] { "Active", "Inactive" } }));

        var result = await response.ReadJsonAsync();
        Assert.Empty(Ids(result));
        Assert.Equal(0, result.GetProperty("Total").GetInt32());
    }

    [Theory]
    [InlineData("""{ "pageSize": 10, "statuses": ["Active"] }""", "page")]
    [InlineData("""{ "page": -1, "pageSize": 10, "statuses": ["Active"] }""", "page")]
    [InlineData("""{ "page": "first", "pageSize": 10, "statuses": ["Active"] }""", "page")]
    [InlineData("""{ "page": 1.5, "pageSize": 10, "statuses": ["Active"] }""", "page")]
    [InlineData("""{ "page": 0, "statuses": ["Active"] }""", "pageSize")]
    [InlineData("""{ "page": 0, "pageSize": 0, "statuses": ["Active"] }""", "pageSize")]
    [InlineData("""{ "page": 0, "pageSize": 1001, "statuses": ["Active"] }""", "pageSize")]
    [InlineData("""{ "page": 0, "pageSize": 10 }""", "statuses")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": [] }""", "statuses")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Deleted"] }""", "statuses[0]")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Active", null] }""", "statuses[1]")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": "Active" }""", "statuses")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Active"], "createdDateRange": { "start": "2024-02-01T00:00:00Z", "end": "2024-01-01T00:00:00Z" } }""", "createdDateRange")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Active"], "createdDateRange": { "start": "yesterday" } }""", "createdDateRange.start")]
    [InlineData("""{ "page": 2147483647, "pageSize": 1000, "statuses": ["Active"] }""", "page")]
    [InlineData("""[]""", "body")]
    [InlineData("""null""", "body")]
    // Keyed by the member's wire name whatever letter case it was sent in, like every validator error.
    [InlineData("""{ "PAGE": "first", "pageSize": 10, "statuses": ["Active"] }""", "page")]
    [InlineData("""{ "Page": 0, "PageSize": "ten", "Statuses": ["Active"] }""", "pageSize")]
    [InlineData("""{ "Page": 0, "PageSize": 10, "STATUSES": ["Active"], "CreatedDateRange": { "Start": "yesterday" } }""", "createdDateRange.start")]
    public async Task InvalidRequest_Is400WithTheFieldInErrors(string body, string field)
    {
        var response = await data.Client.PostAsync(SearchPath, JsonBody(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Search_WithoutReadScope_Is403()
    {
        var response = await data.Api.ClientFor(data.Tenant, "customer:create").PostAsync(SearchPath, JsonBody(new { page = 0, pageSize = 1, statuses = new[] { "Active" } }));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task RoundTrips_AreOneWhenThePageProvesTheTotal_ElseTwo()
    {
        var client = data.Client;
        async Task<long> CountAsync(object body)
        {
            var before = data.Api.CosmosRequests.Total;
            var response = await client.PostAsync(SearchPath, JsonBody(body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return data.Api.CosmosRequests.Total - before;
        }

        // Warm-up: client metadata, and the one query-plan request a COUNT query shape costs per process.
        await CountAsync(new { page = 0, pageSize = 2, statuses = new[] { "Active" } });

        var partialPage = await CountAsync(new { page = 0, pageSize = 100, statuses = new[] { "Active" } });
        var lastPartialPage = await CountAsync(new { page = 1, pageSize = 4, statuses = new[] { "Active" } });
        var emptyFirstPage = await CountAsync(new { page = 0, pageSize = 10, statuses = new[] { "Active" }, createdDateRange = new { end = "2000-01-01T00:00:00Z" } });
        var fullPage = await CountAsync(new { page = 0, pageSize = 2, statuses = new[] { "Active" } });
        var pastTheEnd = await CountAsync(new { page = 50, pageSize = 2, statuses = new[] { "Active" } });

        Assert.Equal(
            new { partialPage = 1L, lastPartialPage = 1L, emptyFirstPage = 1L, fullPage = 2L, pastTheEnd = 2L },
            new { partialPage, lastPartialPage, emptyFirstPage, fullPage, pastTheEnd });
    }
}
