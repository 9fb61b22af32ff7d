using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alvys.Customers.Api.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Reliability;

/// <summary>
/// Random JSON thrown at create, merge-patch and search: FsCheck generates the documents (well-formed, partly
/// plausible, partly garbage), and every answer must be a 2xx or a 4xx problem — never a 5xx — and every
/// customer read back after a 2xx must satisfy every invariant of the contract.
/// </summary>
[Collection(ApiHosts.ReliabilityApi)]
public sealed class PropertyTests(ApiFactory api)
{
    public const int CreateCases = 150;
    public const int PatchCases = 100;
    public const int SearchCases = 100;

    private static readonly string[] WritableNames = ["Name", "Type", "CompanyNumber", "Status", "BillingAddress", "Email", "Phone", "Fax", "ExternalId"];
    private static readonly string[] ReadOnlyNames = ["Id", "DateCreated", "DateModified", "SalesAgentId", "Contacts", "Notes", "InvoicingInformation", "ETag", "tenantId", "keys", "_etag"];

    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update", "customer:delete");

    private static Gen<string> Text =>
        Gen.OneOf(
            Gen.Elements("", " ", "Acme", "  padded  ", "N/A", "tbd", "000", "Customer", "Broker/3PL", "broker/3pl", "Active", "inactive", "Deleted",
                "a@b.example", "not-an-email", "10001", "SW1A 1AA", "\u00e9\u00e8\u00ea", "\ud83d\ude9a", "null", "<script>", "'; DROP", "\t\n"),
            Gen.Choose(0, 260).Select(n => new string('x', n)),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty));

    private static Gen<JsonNode?> Scalar =>
        Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.Elements(0.5, -1e300, 1e-7).Select(d => (JsonNode?)JsonValue.Create(d)),
            Text.Select(s => (JsonNode?)JsonValue.Create(s)));

    private static Gen<JsonNode?> Value(int depth) =>
        depth <= 0
            ? Scalar
            : Gen.Frequency(
                (6, Scalar),
                (2, Gen.ListOf(Value(depth - 1), 0).Resize(4).Select(items => (JsonNode?)new JsonArray(items.Select(Clone).ToArray()))),
                (2, Obj(depth - 1, Gen.OneOf(Text, Gen.Elements(WritableNames))).Select(o => (JsonNode?)o)));

    private static Gen<JsonObject> Obj(int depth, Gen<string> names) =>
        Gen.ListOf(names.Zip(Value(depth)), 0).Resize(6).Select(members =>
        {
            var obj = new JsonObject();
            foreach (var (name, value) in members)
            {
                obj[name] = Clone(value);
            }

            return obj;
        });

    /// <summary>Writable members in any case, read-only and unknown members, values of plausible and wrong types.</summary>
    private static Gen<JsonObject> CustomerDocument =>
        Gen.ListOf(
                Gen.Frequency(
                    (6, Gen.Elements(WritableNames)),
                    (1, Gen.Elements(WritableNames).Select(n => n.ToLowerInvariant())),
                    (1, Gen.Elements(ReadOnlyNames)),
                    (1, Text))
                .Zip(Gen.Frequency(
                    (5, Text.Select(s => (JsonNode?)JsonValue.Create(s))),
                    (2, Gen.ListOf(Text, 0).Resize(3).Select(l => (JsonNode?)new JsonArray(l.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()))),
                    (2, Obj(1, Gen.Elements("Street", "City", "State", "Zip", "ZipCode", "zip")).Select(o => (JsonNode?)o)),
                    (2, Value(2)))),
                0)
            .Resize(10)
            .Select(members =>
            {
                var obj = new JsonObject();
                foreach (var (name, value) in members)
                {
                    obj[name] = Clone(value);
                }

                return obj;
            });

    /// <summary>A valid customer with a few random members laid over it, so that the success path is reached too.</summary>
    private static Gen<JsonObject> PlausibleCustomer =>
        Gen.Elements("Acme", "Great Lakes Freight", "  Spaced   Out  ", "Étienne Transports", "X")
            .Zip(Gen.Elements("Customer", "Broker/3PL", "customer"))
            .Zip(Gen.Elements<string?>(null, "ACME", "acme ", "C-1", "N/A"))
            .Zip(Gen.Elements<string?>(null, "10001", " 100 01 ", "SW1A 1AA"))
            .Zip(CustomerDocument.Select(o => o.Take(2).Select(m => (m.Key, Clone(m.Value))).ToArray()))
            .Select(t =>
            {
                var ((((name, type), companyNumber), zip), overlay) = t;
                var obj = new JsonObject { ["Name"] = name, ["Type"] = type };
                if (companyNumber is not null)
                {
                    obj["CompanyNumber"] = companyNumber + Guid.NewGuid().ToString("N")[..4];
                }

                if (zip is not null)
                {
                    obj["BillingAddress"] = new JsonObject { ["Zip"] = zip, ["City"] = "Springfield" };
                }

                foreach (var (key, value) in overlay)
                {
                    obj[key] = value;
                }

                return obj;
            });

    private static Gen<JsonObject> AnyCustomerDocument => Gen.Frequency((1, CustomerDocument), (1, PlausibleCustomer));

    private static Gen<JsonObject> SearchDocument =>
        Gen.Frequency(
                (3, Gen.Choose(-2, 5).Select(i => (JsonNode?)JsonValue.Create(i))),
                (1, Value(1)))
            .Zip(Gen.Frequency((3, Gen.Choose(-1, 1002).Select(i => (JsonNode?)JsonValue.Create(i))), (1, Value(1))))
            .Zip(Gen.Frequency(
                (3, Gen.SubListOf(new[] { "Active", "Inactive", "active", "Gone", "" }).Select(l => (JsonNode?)new JsonArray(l.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()))),
                // Valid lists often enough that a run of 100 cases is all but sure to search for real (about 1 in 10 cases, not 1 in 30).
                (2, Gen.Elements(new[] { "Active" }, new[] { "Inactive" }, new[] { "Active", "Inactive" }).Select(l => (JsonNode?)new JsonArray(l.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()))),
                (1, Value(1))))
            .Zip(Gen.Frequency(
                (2, Gen.Constant<JsonNode?>(null)),
                (2, Gen.Elements("2020-01-01T00:00:00Z", "2030-01-01T00:00:00+05:00", "not a date", "").Two().Select(p => (JsonNode?)new JsonObject { ["start"] = p.Item1, ["end"] = p.Item2 })),
                (1, Value(1))))
            .Select(t =>
            {
                var (((page, pageSize), statuses), range) = t;
                var obj = new JsonObject { ["page"] = Clone(page), ["pageSize"] = Clone(pageSize), ["statuses"] = Clone(statuses) };
                if (range is not null)
                {
                    obj["createdDateRange"] = Clone(range);
                }

                return obj;
            });

    private static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    private static async Task AssertAnswerAsync(HttpResponseMessage response, string request)
    {
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{status} for {request}: {body}");
        if (status >= 400)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{status} without problem+json for {request}");
            var problem = JsonDocument.Parse(body).RootElement;
            foreach (var member in new[] { "type", "title", "status", "detail", "traceId" })
            {
                Assert.True(problem.TryGetProperty(member, out _), $"problem without '{member}' for {request}: {body}");
            }
        }
    }

    private async Task AssertSoundAsync(HttpClient client, string id, string request)
    {
        var read = await client.GetAsync($"{CustomersPath}/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var violations = CustomerInvariants.Violations(await read.ReadJsonAsync());
        Assert.True(violations.Count == 0, $"after {request}: {string.Join("; ", violations)}");
    }

    [Fact]
    public async Task RandomCreates_AreAnsweredWithoutServerErrors_AndStoreOnlySoundCustomers()
    {
        var client = Client;
        var created = 0;
        foreach (var document in Gen.Sample(AnyCustomerDocument, CreateCases))
        {
            var json = document.ToJsonString();
            var response = await client.PostAsync(CustomersPath, JsonBody(json));
            await AssertAnswerAsync(response, json);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created++;
                await AssertSoundAsync(client, (await response.ReadJsonAsync()).GetProperty("Id").GetString()!, json);
            }
        }

        // The generator must reach the success path too, or the invariants were never checked.
        Assert.InRange(created, 1, CreateCases);
    }

    [Fact]
    public async Task RandomMergePatches_AreAnsweredWithoutServerErrors_AndLeaveSoundCustomers()
    {
        var client = Client;
        var patched = 0;
        foreach (var document in Gen.Sample(AnyCustomerDocument, PatchCases))
        {
            var (id, etag) = await client.CreateAsync(new { Name = Unique("Patch Subject"), Type = "Customer", CompanyNumber = Unique("P") });
            var json = document.ToJsonString();
            var response = await client.PatchAsync(id, json, etag);
            await AssertAnswerAsync(response, json);
            if (response.IsSuccessStatusCode)
            {
                patched++;
                Assert.Equal(response.Headers.ETag!.Tag, (await client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag);
            }
            else
            {
                // A refused patch changes nothing.
                Assert.Equal(etag, (await client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag);
            }

            await AssertSoundAsync(client, id, json);
        }

        Assert.InRange(patched, 1, PatchCases);
    }

    [Fact]
    public async Task RandomSearches_AreAnsweredWithoutServerErrors_AndPagesAreConsistent()
    {
        var client = Client;
        for (var i = 0; i < 5; i++)
        {
            await client.CreateAsync(new { Name = Unique("Searchable"), Type = "Customer" });
        }

        var answered = 0;
        foreach (var document in Gen.Sample(SearchDocument, SearchCases))
        {
            var json = document.ToJsonString();
            var response = await client.PostAsync($"{CustomersPath}/search", JsonBody(json));
            await AssertAnswerAsync(response, json);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                answered++;
                var page = await response.ReadJsonAsync();
                var items = page.GetProperty("Items").EnumerateArray().ToArray();
                Assert.True(items.Length <= page.GetProperty("PageSize").GetInt32(), json);
                Assert.True(page.GetProperty("Total").GetInt32() >= items.Length, json);
                Assert.All(items, item => Assert.Empty(CustomerInvariants.Violations(item)));
            }
        }

        Assert.InRange(answered, 1, SearchCases);
    }
}
