using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Customers;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
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
            // One whose name has a run of spaces inside, which a namePrefix matches as one space.
            var name = i switch { 3 => "alpha", 7 => "Alpha", 5 => "beta  freight", _ => names[random.Next(names.Length)] };
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
        var wholes = all.ToDictionary(c => c.GetProperty("Id").GetString()!);
        var model = all.Select(c => new Modelled(
            c.GetProperty("Id").GetString()!, c.GetProperty("Name").GetString()!, c.GetProperty("CompanyNumber").GetString(),
            c.GetProperty("Status").GetString()!, c.GetProperty("DateCreated").GetString()!, c.GetProperty("DateModified").GetString()!)).ToArray();
        Assert.Equal(14, model.Length);
        var modifiedTimes = model.Select(m => m.DateModified).Order(StringComparer.Ordinal).ToArray();
        var (from, to) = (modifiedTimes[3], modifiedTimes[10]);

        // A field selection per case, in turn: each page's items carry exactly those members (and Id, ETag), as a whole read.
        var selections = new[] { null, "Name", "name,CompanyNumber", "Status,DateModified,ExternalIds", "Fax" };
        var cases = 0;
        foreach (var sort in new[] { null, "DateCreated", "DateCreated desc", "DateModified", "dateModified DESC", "Name", "Name desc", "Name asc" })
        {
            foreach (var (filter, matches) in new (Dictionary<string, object?>, Func<Modelled, bool>)[]
            {
                (new() { ["statuses"] = new[] { "Active", "Inactive" } }, _ => true),
                (new() { ["statuses"] = new[] { "Active" } }, m => m.Status == "Active"),
                (new() { ["statuses"] = new[] { "Active", "Inactive" }, ["companyNumberPrefix"] = $"  {prefix.ToLowerInvariant()} " }, m => m.CompanyNumber?.StartsWith(prefix, StringComparison.Ordinal) == true),
                (new() { ["statuses"] = new[] { "Active", "Inactive" }, ["modifiedDateRange"] = new { start = from, end = to } }, m => string.CompareOrdinal(m.DateModified, from) >= 0 && string.CompareOrdinal(m.DateModified, to) <= 0),
                (new() { ["statuses"] = new[] { "Inactive" } }, m => m.Status == "Inactive"),
                (new() { ["statuses"] = new[] { "Active" }, ["namePrefix"] = " aLPHA " }, m => m.Status == "Active" && m.Name.StartsWith("alpha", StringComparison.OrdinalIgnoreCase)),
                (new() { ["statuses"] = new[] { "Active", "Inactive" }, ["namePrefix"] = "Beta   FR" }, m => CustomerName.Normalize(m.Name).StartsWith("BETA FR", StringComparison.Ordinal)),
            })
            {
                filter["sort"] = sort;
                var fields = selections[cases % selections.Length];
                var expected = Ordered(model.Where(matches), sort).Select(m => m.Id).ToArray();
                Assert.NotEmpty(expected);
                var (pages, total) = await PageThroughWithTotalAsync(client, filter, fields);
                var what = $"sort {sort ?? "(none)"}, fields {fields ?? "(all)"}, {JsonSerializer.Serialize(filter)}";
                Assert.True(expected.SequenceEqual(pages.Select(c => c.GetProperty("Id").GetString()!)), what);
                Assert.Equal(expected.Length, total);
                foreach (var item in pages)
                {
                    var whole = wholes[item.GetProperty("Id").GetString()!];
                    var members = fields is null
                        ? whole.EnumerateObject().Select(p => p.Name).ToHashSet()
                        : fields.Split(',').Select(f => whole.EnumerateObject().Single(p => p.Name.Equals(f, StringComparison.OrdinalIgnoreCase)).Name).Append("Id").Append("ETag").ToHashSet();
                    Assert.True(members.SetEquals(item.EnumerateObject().Select(p => p.Name)), $"{what}: {item}");
                    foreach (var member in members)
                    {
                        Assert.True(JsonElement.DeepEquals(whole.GetProperty(member), item.GetProperty(member)), $"{what}: {member} of {item}");
                    }
                }

                cases++;
            }
        }

        Assert.Equal(56, cases);
    }

    [Fact]
    public async Task ACustomerStoredWithoutTheNameKey_IsFoundByNamePrefixOnceBackfilled_AndARacingRenameKeepsItsOwnKey()
    {
        var tenant = ApiFactory.NewTenant();
        var client = api.ClientFor(tenant, "customer:read", "customer:create", "customer:update");
        var stem = Unique("Backfill");
        var (oldId, _) = await client.CreateAsync(new { Name = $"{stem}  Old", Type = "Customer", Fax = "555-0100" });
        var (renamedId, _) = await client.CreateAsync(new { Name = $"{stem} Renamed", Type = "Customer" });
        var container = api.Services.GetRequiredService<CustomerContainer>().Container;
        // As stored before every write set the key.
        foreach (var id in new[] { oldId, renamedId })
        {
            using var removed = await container.PatchItemStreamAsync(id, new PartitionKey(tenant), [PatchOperation.Remove("/nameKey")]);
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        var before = await ReadAsync(client, oldId);
        var renamedETag = (await ReadAsync(client, renamedId)).GetProperty("ETag").GetString();
        Assert.Empty(await NamePrefixIdsAsync(client, stem));

        // A rename racing the backfill: whichever lands second, the customer ends with the key of the name it holds.
        var backfill = api.Services.GetRequiredService<CustomerNameKeyBackfill>();
        // The backfill's patch is a new version, so a rename that read the old one is 412 and reads again, as a partner would.
        var rename = Task.Run(async () =>
        {
            for (var etag = renamedETag; ; etag = (await ReadAsync(client, renamedId)).GetProperty("ETag").GetString())
            {
                var response = await client.PatchAsync(renamedId, new { Name = $"Other {stem}" }, etag);
                if (response.StatusCode != HttpStatusCode.PreconditionFailed)
                {
                    return response.StatusCode;
                }
            }
        });
        var added = await backfill.RunAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, await rename);

        Assert.InRange(added, 1, 2);
        Assert.Equal([oldId], await NamePrefixIdsAsync(client, $"  {stem.ToLowerInvariant()}   old "));
        Assert.Equal([renamedId], await NamePrefixIdsAsync(client, $"other {stem}"));
        Assert.Empty(await NamePrefixIdsAsync(client, $"{stem} Renamed"));
        // Nothing a partner sees changed but the version.
        var after = await ReadAsync(client, oldId);
        foreach (var member in before.EnumerateObject().Where(m => m.Name != "ETag"))
        {
            Assert.True(JsonElement.DeepEquals(member.Value, after.GetProperty(member.Name)), member.Name);
        }

        Assert.Equal(0, await backfill.RunAsync(CancellationToken.None));
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync($"{CustomersPath}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task<string[]> NamePrefixIdsAsync(HttpClient client, string namePrefix)
    {
        var items = await PageThroughAsync(client, new Dictionary<string, object?> { ["statuses"] = new[] { "Active", "Inactive" }, ["namePrefix"] = namePrefix });
        return [.. items.Select(c => c.GetProperty("Id").GetString()!)];
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
    private static async Task<(List<JsonElement> Items, int Total)> PageThroughWithTotalAsync(HttpClient client, Dictionary<string, object?> criteria, string? fields = null)
    {
        var items = new List<JsonElement>();
        var totals = new HashSet<int>();
        for (var page = 0; ; page++)
        {
            var body = new Dictionary<string, object?>(criteria) { ["page"] = page, ["pageSize"] = 4 };
            var path = fields is null ? SearchPath : $"{SearchPath}?fields={Uri.EscapeDataString(fields)}";
            var response = await client.PostAsync(path, JsonBody(JsonSerializer.Serialize(body)));
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
