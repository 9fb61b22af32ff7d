using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>
/// Search orders and the filters added for reconciliation (modifiedDateRange, companyNumberPrefix, namePrefix, sort), against a
/// model of the tenant's customers: random names, numbers and patches; every order and filter paged through in small
/// pages, the pages concatenated equal to the model's sorted, filtered list, and Total equal to its length.
/// </summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class SearchOrderTests(ApiFactory api)
{
    private const string SearchPath = CustomersPath + "/search";

    private sealed record Modelled(string Id, string Name, string? CompanyNumber, string Status, string DateCreated, string DateModified);

    [Fact]
    public async Task EveryOrderAndFilter_PagesThroughTheModelsList()
    {
        var tenant = ApiFactory.NewTenant();
        var client = api.ClientFor(tenant, "customer:read", "customer:create", "customer:update", "customer:delete");
        var random = new Random(20261206);
        var prefix = Unique("SO").ToUpperInvariant();
        var names = new[] { "acme", "Acme", "Beta", "beta freight", "Zulu", "alpha", "Alpha", "Gamma", "delta", "Delta" };
        for (var i = 0; i < 14; i++)
        {
            // Names repeat, so the id must break ties; half the CompanyNumbers share a prefix.
            var number = i % 2 == 0 ? $"{prefix}-{i:00}" : i % 3 == 0 ? null : Unique("X");
            // Two Active customers whose names start with "alpha" in either letter case, whatever the draw.
            var name = i switch { 3 => "alpha", 7 => "Alpha", _ => names[random.Next(names.Length)] };
            var (id, etag) = await client.CreateAsync(new { Name = name + (i % 4 == 0 ? string.Empty : $" {i}"), Type = "Customer", CompanyNumber = number });
            if (random.Next(3) == 0)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(id, new { Fax = $"555-{i}" }, etag)).StatusCode);
            }

            if (i % 5 == 4)
            {
                var current = (await client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag;
                Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(id, current)).StatusCode);
            }
        }

        // The model: every customer as read back.
        var all = await PageThroughAsync(client, new Dictionary<string, object?> { ["statuses"] = new[] { "Active", "Inactive" } });
        var model = all.Select(c => new Modelled(
            c.GetProperty("Id").GetString()!, c.GetProperty("Name").GetString()!, c.GetProperty("CompanyNumber").GetString(),
            c.GetProperty("Status").GetString()!, c.GetProperty("DateCreated").GetString()!, c.GetProperty("DateModified").GetString()!)).ToArray();
        Assert.Equal(14, model.Length);
        var modifiedTimes = model.Select(m => m.DateModified).Order(StringComparer.Ordinal).ToArray();
        var (from, to) = (modifiedTimes[3], modifiedTimes[10]);

        var cases = 0;
        foreach (var sort in new[] { null, "DateCreated", "DateCreated desc", "DateModified", "dateModified DESC", "Name", "Name desc", "Name asc" })
        {
            foreach (var (filter, matches) in new (Dictionary<string, object?>, Func<Modelled, bool>)[]
            {
                (new() { ["statuses"] = new[] { "Active", "Inactive" } }, _ => true),
                (new() { ["statuses"] = new[] { "Active" } }, m => m.Status == "Active"),
                (new() { ["statuses"] = new[] { "Active", "Inactive" }, ["companyNumberPrefix"] = $"  {prefix.ToLowerInvariant()} " }, m => m.CompanyNumber?.StartsWith(prefix, StringComparison.Ordinal) == true),
                (new() { ["statuses"] = new[] { "Active", "Inactive" }, ["modifiedDateRange"] = new { start = from, end = to } }, m => string.CompareOrdinal(m.DateModified, from) >= 0 && string.CompareOrdinal(m.DateModified, to) <= 0),
                (new() { ["statuses"] = new[] { "Active" }, ["namePrefix"] = " aLPHA " }, m => m.Status == "Active" && m.Name.StartsWith("alpha", StringComparison.OrdinalIgnoreCase)),
            })
            {
                filter["sort"] = sort;
                var expected = Ordered(model.Where(matches), sort).Select(m => m.Id).ToArray();
                Assert.NotEmpty(expected);
                var (pages, total) = await PageThroughWithTotalAsync(client, filter);
                Assert.True(expected.SequenceEqual(pages.Select(c => c.GetProperty("Id").GetString()!)), $"sort {sort ?? "(none)"}, {JsonSerializer.Serialize(filter)}");
                Assert.Equal(expected.Length, total);
                cases++;
            }
        }

        Assert.Equal(40, cases);
    }

    [Theory]
    [InlineData("Status")]
    [InlineData("Name sideways")]
    [InlineData("Name desc extra")]
    [InlineData("1")]
    [InlineData("+1")]
    [InlineData("")]
    public async Task AnUnknownSort_Is400NamingTheFields(string sort)
    {
        var response = await api.ClientFor(ApiFactory.NewTenant(), "customer:read").PostAsync(SearchPath, JsonBody(new { page = 0, pageSize = 10, statuses = new[] { "Active" }, sort }));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Contains("DateCreated, DateModified, Name", problem.GetProperty("errors").GetProperty("sort")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Active"], "modifiedDateRange": { "start": "2024-02-01T00:00:00Z", "end": "2024-01-01T00:00:00Z" } }""", "modifiedDateRange")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Active"], "modifiedDateRange": { "start": "yesterday" } }""", "modifiedDateRange.start")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Active"], "companyNumberPrefix": "   " }""", "companyNumberPrefix")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Active"], "companyNumberPrefix": 5 }""", "companyNumberPrefix")]
    [InlineData("""{ "page": 0, "pageSize": 10, "statuses": ["Active"], "namePrefix": "" }""", "namePrefix")]
    public async Task AnInvalidFilter_Is400WithTheFieldInErrors(string body, string field)
    {
        var response = await api.ClientFor(ApiFactory.NewTenant(), "customer:read").PostAsync(SearchPath, JsonBody(body));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    /// <summary>The order a sort names, as the API is to apply it: ordinal, the id breaking ties in the same direction.</summary>
    private static IEnumerable<Modelled> Ordered(IEnumerable<Modelled> matching, string? sort)
    {
        var words = (sort ?? "DateCreated").Split(' ');
        var descending = words.Length == 2 && words[1].Equals("desc", StringComparison.OrdinalIgnoreCase);
        Func<Modelled, string> key = words[0].ToLowerInvariant() switch
        {
            "datemodified" => m => m.DateModified,
            "name" => m => m.Name,
            _ => m => m.DateCreated,
        };
        return descending
            ? matching.OrderByDescending(key, StringComparer.Ordinal).ThenByDescending(m => m.Id, StringComparer.Ordinal)
            : matching.OrderBy(key, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal);
    }

    private static async Task<List<JsonElement>> PageThroughAsync(HttpClient client, Dictionary<string, object?> criteria) =>
        (await PageThroughWithTotalAsync(client, criteria)).Items;

    /// <summary>Every page of 4 until one comes back short, and the Total every page answered (all the same).</summary>
    private static async Task<(List<JsonElement> Items, int Total)> PageThroughWithTotalAsync(HttpClient client, Dictionary<string, object?> criteria)
    {
        var items = new List<JsonElement>();
        var totals = new HashSet<int>();
        for (var page = 0; ; page++)
        {
            var body = new Dictionary<string, object?>(criteria) { ["page"] = page, ["pageSize"] = 4 };
            var response = await client.PostAsync(SearchPath, JsonBody(JsonSerializer.Serialize(body)));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var result = JsonDocument.Parse(text).RootElement;
            var pageItems = result.GetProperty("Items").EnumerateArray().ToArray();
            items.AddRange(pageItems);
            totals.Add(result.GetProperty("Total").GetInt32());
            if (pageItems.Length < 4)
            {
                return (items, Assert.Single(totals));
            }
        }
    }
}
