using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>
/// Every write through the API records its event on the stored customer in that same write (the webhook dispatcher's
/// source): one per write, by revision, with the previous values of what it changed; never in an answer.
/// </summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class RecordedEventsTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Writer => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update", "customer:delete");

    [Fact]
    public async Task EachWrite_RecordsOneEvent_CreateUpdateDeleteRestore_ThroughEveryWritePath()
    {
        var client = Writer;
        var externalId = $"ERP-{Guid.NewGuid():N}";
        var (id, etag) = await client.CreateAsync(new { Name = "Events Co", Type = "Customer", Fax = "555-0100", ExternalId = externalId });
        etag = await PatchedAsync(client, id, new { Name = "Events Company", Email = new[] { "ops@events.example" } }, etag);
        var deleted = await client.DeleteAsync(id, etag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        etag = (await client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag;
        etag = await PatchedAsync(client, id, new { Status = "Active" }, etag);
        // The upsert by ExternalId, and a no-op patch, which writes nothing and so records nothing.
        var upsert = await client.PatchAsync($"external/{Uri.EscapeDataString(externalId)}", new { Fax = "555-0199" }, null);
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        etag = upsert.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(id, new { Fax = "555-0199" }, etag)).StatusCode);

        var stored = await StoredAsync(id);
        Assert.Equal(5, stored.GetProperty("revision").GetInt64());
        var events = stored.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(["Created", "Updated", "Deleted", "Restored", "Updated"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.GetProperty("revision").GetInt64()));
        Assert.False(events[0].TryGetProperty("previous", out _));
        Assert.Equal(["Name", "Email"], events[1].GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Events Co", events[1].GetProperty("previous").GetProperty("name").GetString());
        Assert.Empty(events[1].GetProperty("previous").GetProperty("email").EnumerateArray());
        Assert.Equal("Active", events[2].GetProperty("previous").GetProperty("status").GetString());
        Assert.Equal("Inactive", events[3].GetProperty("previous").GetProperty("status").GetString());
        Assert.Equal("555-0100", events[4].GetProperty("previous").GetProperty("fax").GetString());
        // Each event's instant is the write's: the customer's DateModified for the last one.
        Assert.Equal(stored.GetProperty("dateModified").GetString(), events[4].GetProperty("at").GetString());
    }

    [Fact]
    public async Task TheRecordedEvents_NeverAppearInAnAnswer()
    {
        var client = Writer;
        var (id, _) = await client.CreateAsync(new { Name = "Quiet Co", Type = "Customer" });

        var answers = new[]
        {
            await client.GetAsync($"{CustomersPath}/{id}"),
            await client.PostAsync($"{CustomersPath}/search", JsonBody(new { page = 0, pageSize = 10, statuses = new[] { "Active" } })),
            await client.PostAsync($"{CustomersPath}/lookup", JsonBody(new { Ids = new[] { id } })),
            await client.GetAsync($"{CustomersPath}/changes"),
        };
        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.OK, body);
            Assert.Contains(id, body, StringComparison.Ordinal);
            Assert.DoesNotContain("\"events\"", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"revision\"", body, StringComparison.OrdinalIgnoreCase);
        }

        var selected = await client.GetAsync($"{CustomersPath}/{id}?fields=Events");
        await selected.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public async Task RacingWriters_GetConsecutiveRevisions_EachEventHoldingTheValueThePreviousWriteLeft()
    {
        var client = Writer;
        var (id, _) = await client.CreateAsync(new { Name = "Raced Co", Type = "Customer", Fax = "555-start" });
        var written = new ConcurrentBag<string>();
        // Six partners, three writes each, every one conditional on the version it read, retried on 412 as a partner would.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; n < 3; n++)
            {
                var fax = $"555-{writer}-{n}";
                while (true)
                {
                    var etag = (await client.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag;
                    var response = await client.PatchAsync(id, new { Fax = fax }, etag);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        written.Add(fax);
                        break;
                    }

                    Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
                }
            }
        })));

        var stored = await StoredAsync(id);
        var events = stored.GetProperty("events").EnumerateArray().ToArray();
        Assert.Equal(19, stored.GetProperty("revision").GetInt64());
        Assert.Equal(Enumerable.Range(1, 19).Select(r => (long)r), events.Select(e => e.GetProperty("revision").GetInt64()));
        // The chain: what each write found is what the one before it wrote, so the previous values and the final one are
        // the starting value and the eighteen written, each once.
        var previous = events.Skip(1).Select(e => e.GetProperty("previous").GetProperty("fax").GetString()!).ToList();
        Assert.Equal(
            written.Append("555-start").Order(StringComparer.Ordinal),
            previous.Append(stored.GetProperty("fax").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ACustomerWrittenMoreThanTheBound_KeepsItsLatestWrites()
    {
        var client = Writer;
        var (id, etag) = await client.CreateAsync(new { Name = "Busy Co", Type = "Customer" });
        for (var i = 0; i < CustomerEvent.MaxRecorded + 4; i++)
        {
            etag = await PatchedAsync(client, id, new { Fax = $"555-{i:0000}" }, etag);
        }

        var stored = await StoredAsync(id);
        var revision = CustomerEvent.MaxRecorded + 5;
        Assert.Equal(revision, stored.GetProperty("revision").GetInt64());
        Assert.Equal(
            Enumerable.Range(revision - CustomerEvent.MaxRecorded + 1, CustomerEvent.MaxRecorded).Select(r => (long)r),
            stored.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("revision").GetInt64()));
    }

    private static async Task<string> PatchedAsync(HttpClient client, string id, object patch, string etag)
    {
        var response = await client.PatchAsync(id, patch, etag);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return response.Headers.ETag!.Tag;
    }

    /// <summary>The customer's document as Cosmos holds it.</summary>
    private async Task<JsonElement> StoredAsync(string id)
    {
        var container = api.Services.GetRequiredService<CustomerContainer>().Container;
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(_tenant));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonDocument.ParseAsync(response.Content)).RootElement.Clone();
    }
}
