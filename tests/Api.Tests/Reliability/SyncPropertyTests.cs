using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Reliability;

/// <summary>
/// Many ExternalIds driven at once, each by a sequential client of its own with a random mix of single upserts,
/// batch items and PATCHes by id: every final customer is the sequential replay of what its client was told had been
/// written — nothing lost, nothing applied twice, no customer created twice.
/// </summary>
[Collection(ApiHosts.ReliabilityApi)]
public sealed class SyncPropertyTests(ApiFactory api)
{
    private const int Partners = 8;
    private const int StepsEach = 20;

    [Trait(TestSpeed.Category, TestSpeed.Slow)]
    [Fact]
    public async Task ConcurrentPartnerClients_EndWithTheReplayOfTheirAcknowledgedWrites()
    {
        var tenant = ApiFactory.NewTenant();
        var seeds = Enumerable.Range(0, Partners).Select(i => 7919 * (i + 1)).ToArray();

        var finals = await Task.WhenAll(seeds.Select(seed => Task.Run(() => DriveAsync(tenant, seed))));

        var reader = api.ClientFor(tenant, "customer:read");
        foreach (var (externalId, model, id) in finals)
        {
            var response = await reader.GetAsync($"{CustomersPath}?externalId={externalId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stored = await response.ReadJsonAsync();
            Assert.Equal(id, stored.GetProperty("Id").GetString());
            Assert.Equal(model.Fax, stored.GetProperty("Fax").GetString());
            Assert.Equal(model.Phones, stored.GetProperty("Phone").EnumerateArray().Select(p => p.GetString()!).ToArray());
            Assert.Equal(model.City, stored.GetProperty("BillingAddress").ValueKind == JsonValueKind.Null ? null : stored.GetProperty("BillingAddress").GetProperty("City").GetString());
        }

        var search = await reader.PostAsync($"{CustomersPath}/search", JsonBody(new { page = 0, pageSize = 1000, statuses = new[] { "Active", "Inactive" } }));
        Assert.Equal(Partners, (await search.ReadJsonAsync()).GetProperty("Total").GetInt32());
    }

    private sealed record Model(string? Fax, string[] Phones, string? City);

    private async Task<(string ExternalId, Model Model, string Id)> DriveAsync(string tenant, int seed)
    {
        var random = new Random(seed);
        var client = api.ClientFor(tenant, "customer:read", "customer:create", "customer:update");
        var externalId = $"prop-{seed}";
        var model = new Model(null, [], null);
        string? id = null;
        string? etag = null;

        for (var step = 0; step < StepsEach; step++)
        {
            // One change per step, to one member, so the model's replay is unambiguous.
            var (member, value, next) = random.Next(3) switch
            {
                0 => ("Fax", (object?)$"fax-{seed}-{step}", model with { Fax = $"fax-{seed}-{step}" }),
                1 => ("Phone", new[] { $"555-{step:D4}" }, model with { Phones = [$"555-{step:D4}"] }),
                _ => ("BillingAddress", new { City = $"City {step}" }, model with { City = $"City {step}" }),
            };
            var patch = new Dictionary<string, object?> { [member] = value };
            var how = id is null ? random.Next(2) : random.Next(3);
            HttpResponseMessage response;
            if (how == 0)
            {
                var body = id is null ? new Dictionary<string, object?>(patch) { ["Name"] = $"Prop {seed}", ["Type"] = "Customer" } : patch;
                response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"{CustomersPath}/external/{externalId}")
                {
                    Content = JsonBody(JsonSerializer.Serialize(body), "application/merge-patch+json"),
                });
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"seed {seed} step {step}: {(int)response.StatusCode}");
                var written = await response.ReadJsonAsync();
                (id, etag) = (written.GetProperty("Id").GetString(), response.Headers.ETag!.Tag);
            }
            else if (how == 1)
            {
                var item = new Dictionary<string, object?>(patch) { ["ExternalId"] = externalId };
                if (id is null)
                {
                    item["Name"] = $"Prop {seed}";
                    item["Type"] = "Customer";
                }

                response = await client.PostAsync($"{CustomersPath}/external/batch", JsonBody(JsonSerializer.Serialize(new { Items = new[] { item } })));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var result = (await response.ReadJsonAsync()).GetProperty("Items")[0];
                Assert.True(result.GetProperty("Status").GetInt32() is 200 or 201, $"seed {seed} step {step}: {result}");
                (id, etag) = (result.GetProperty("Id").GetString(), result.GetProperty("ETag").GetString());
            }
            else
            {
                response = await client.PatchAsync(id!, JsonSerializer.Serialize(patch), etag);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"seed {seed} step {step}: {(int)response.StatusCode}");
                etag = response.Headers.ETag!.Tag;
            }

            model = next;
        }

        return (externalId, model, id!);
    }
}
