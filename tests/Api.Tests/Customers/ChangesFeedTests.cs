using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>The changes feed over the real local server's change feed: every guarantee of the contract, each its own test.</summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class ChangesFeedTests(ApiFactory api)
{
    private const string ChangesPath = CustomersPath + "/changes";
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient ClientOf(string tenant) => api.ClientFor(tenant, "customer:read", "customer:create", "customer:update", "customer:delete");

    private HttpClient Client => ClientOf(_tenant);

    private static async Task<(JsonElement[] Items, string Cursor, bool HasMore)> PollAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync(ChangesPath + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var page = JsonDocument.Parse(body).RootElement;
        return (page.GetProperty("Items").EnumerateArray().ToArray(), page.GetProperty("Cursor").GetString()!, page.GetProperty("HasMore").GetBoolean());
    }

    private static string After(string cursor, int? pageSize = null) =>
        $"?cursor={Uri.EscapeDataString(cursor)}" + (pageSize is { } size ? $"&pageSize={size}" : string.Empty);

    private static string[] Ids(IEnumerable<JsonElement> items) => items.Select(i => i.GetProperty("Id").GetString()!).ToArray();

    [Fact]
    public async Task FromTheBeginning_EveryCustomerInCommitOrder_ThenTheEnd()
    {
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await Client.CreateAsync(new { Name = Unique("Feed"), Type = "Customer" })).Id);
        }

        var (items, cursor, hasMore) = await PollAsync(Client, string.Empty);
        var (after, _, hasMoreAfter) = await PollAsync(Client, After(cursor));

        Assert.Equal(created, Ids(items));
        Assert.False(hasMore);
        Assert.Empty(after);
        Assert.False(hasMoreAfter);
        var first = items[0];
        Assert.Equal(created[0], first.GetProperty("Id").GetString());
        Assert.StartsWith("\"", first.GetProperty("ETag").GetString(), StringComparison.Ordinal);
        Assert.True(first.TryGetProperty("DateModified", out _));
        Assert.Equal("Active", first.GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Pages_HoldAtMostPageSize_AndHasMoreStopsAtTheEnd()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await Client.CreateAsync(new { Name = Unique("Paged"), Type = "Customer" })).Id);
        }

        var seen = new List<string>();
        var (items, cursor, hasMore) = await PollAsync(Client, "?pageSize=2");
        var pages = new List<int> { items.Length };
        seen.AddRange(Ids(items));
        while (hasMore)
        {
            (items, cursor, hasMore) = await PollAsync(Client, After(cursor, 2));
            pages.Add(items.Length);
            seen.AddRange(Ids(items));
        }

        Assert.Equal(created, seen);
        Assert.All(pages, size => Assert.InRange(size, 0, 2));
    }

    [Fact]
    public async Task ACustomerWrittenSeveralTimes_ComesOnce_InItsLatestVersion_AndSoftDeletesAreIncluded()
    {
        var (_, start, _) = await PollAsync(Client, "?from=now");
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("Busy"), Type = "Customer" });
        var first = await Client.PatchAsync(id, new { Fax = "1" }, etag);
        var second = await Client.PatchAsync(id, new { Fax = "2" }, first.Headers.ETag!.Tag);
        var deleted = await Client.DeleteAsync(id, second.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var (items, _, _) = await PollAsync(Client, After(start));

        var item = Assert.Single(items);
        Assert.Equal(id, item.GetProperty("Id").GetString());
        Assert.Equal(deleted.Headers.ETag!.Tag, item.GetProperty("ETag").GetString());
        Assert.Equal("2", item.GetProperty("Fax").GetString());
        Assert.Equal("Inactive", item.GetProperty("Status").GetString());
    }

    [Fact]
    public async Task FromNow_AnswersNothing_AndACursorAtThePresent()
    {
        await Client.CreateAsync(new { Name = Unique("Before"), Type = "Customer" });

        var (items, cursor, hasMore) = await PollAsync(Client, "?from=now");
        var (later, _) = await Client.CreateAsync(new { Name = Unique("After"), Type = "Customer" });
        var (next, _, _) = await PollAsync(Client, After(cursor));

        Assert.Empty(items);
        Assert.False(hasMore);
        Assert.Equal([later], Ids(next));
    }

    [Theory]
    [InlineData("?cursor=abc&from=now", "query")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=1001", "pageSize")]
    [InlineData("?pageSize=many", "pageSize")]
    [InlineData("?cursor=", "cursor")]
    public async Task InvalidQueries_Are400NamingTheParameter(string query, string field)
    {
        var response = await Client.GetAsync(ChangesPath + query);

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("c1.e30.AAAA")]
    [InlineData("c1..")]
    public async Task ACursorThatIsNotOurs_Is400InvalidCursor(string cursor) =>
        await (await Client.GetAsync(ChangesPath + After(cursor))).AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidCursor");

    [Fact]
    public async Task AnotherTenantsCursor_Is400InvalidCursor()
    {
        var other = ApiFactory.NewTenant();
        await ClientOf(other).CreateAsync(new { Name = Unique("Theirs"), Type = "Customer" });
        var (_, theirCursor, _) = await PollAsync(ClientOf(other), "?pageSize=1");

        var response = await Client.GetAsync(ChangesPath + After(theirCursor));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidCursor");
    }

    [Fact]
    public async Task ACursorEditedAtAnyPosition_IsRefusedOrReadsOnlyTheCallersPartition()
    {
        var other = ApiFactory.NewTenant();
        var theirs = (await ClientOf(other).CreateAsync(new { Name = Unique("Theirs"), Type = "Customer" })).Id;
        var mine = (await Client.CreateAsync(new { Name = Unique("Mine"), Type = "Customer" })).Id;
        var (_, cursor, _) = await PollAsync(ClientOf(other), "?from=now");
        var outcomes = new Dictionary<HttpStatusCode, int>();

        for (var position = 0; position < cursor.Length; position++)
        {
            foreach (var replacement in new[] { 'A', '_', '0' })
            {
                if (cursor[position] == replacement)
                {
                    continue;
                }

                var edited = cursor[..position] + replacement + cursor[(position + 1)..];
                var response = await Client.GetAsync(ChangesPath + After(edited));
                outcomes[response.StatusCode] = outcomes.GetValueOrDefault(response.StatusCode) + 1;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var ids = Ids((await response.ReadJsonAsync()).GetProperty("Items").EnumerateArray());
                    Assert.DoesNotContain(theirs, ids);
                    Assert.All(ids, id => Assert.Equal(mine, id));
                }
                else
                {
                    await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidCursor");
                }
            }
        }

        Assert.True(outcomes.GetValueOrDefault(HttpStatusCode.BadRequest) > 0, string.Join(", ", outcomes));
    }

    [Fact]
    public async Task TwoTenantsWritingAtOnce_NeverSeeEachOthersItems()
    {
        var a = ApiFactory.NewTenant();
        var b = ApiFactory.NewTenant();
        var writes = Enumerable.Range(0, 20).Select(i => ClientOf(i % 2 == 0 ? a : b).CreateAsync(new { Name = Unique("Twin"), Type = "Customer" }));
        var created = await Task.WhenAll(writes);

        var (aItems, _, _) = await PollAsync(ClientOf(a), "?pageSize=1000");
        var (bItems, _, _) = await PollAsync(ClientOf(b), "?pageSize=1000");

        Assert.Equal(created.Where((_, i) => i % 2 == 0).Select(c => c.Id).Order(), Ids(aItems).Order());
        Assert.Equal(created.Where((_, i) => i % 2 == 1).Select(c => c.Id).Order(), Ids(bItems).Order());
    }

    [Fact]
    public async Task ACursor_OutlivesTheApiHostThatIssuedIt()
    {
        var (_, cursor, _) = await PollAsync(Client, "?from=now");
        var (id, _) = await Client.CreateAsync(new { Name = Unique("Restart"), Type = "Customer" });

        await using var restarted = new ApiFactory();
        var (items, _, _) = await PollAsync(restarted.ClientFor(_tenant, "customer:read"), After(cursor));

        Assert.Equal([id], Ids(items));
    }

    /// <summary>
    /// 500 writes (creates, patches, soft deletes) interleaved with four partner loops polling with their own
    /// cursors: when the writes are done and each loop has read to the end, every loop's mirror is the tenant's data.
    /// </summary>
    [Trait(TestSpeed.Category, TestSpeed.Slow)]
    [Fact]
    public async Task FourPollingPartners_MirrorTheTenantExactly_While500WritesLand()
    {
        var tenant = ApiFactory.NewTenant();
        var writer = ClientOf(tenant);
        var writesDone = new TaskCompletionSource();
        var mirrors = Enumerable.Range(0, 4).Select(_ => new ConcurrentDictionary<string, (string ETag, string Status)>()).ToArray();

        async Task PartnerLoopAsync(ConcurrentDictionary<string, (string ETag, string Status)> mirror, int pageSize)
        {
            var client = ClientOf(tenant);
            var (items, cursor, hasMore) = await PollAsync(client, $"?pageSize={pageSize}");
            while (true)
            {
                foreach (var item in items)
                {
                    mirror[item.GetProperty("Id").GetString()!] = (item.GetProperty("ETag").GetString()!, item.GetProperty("Status").GetString()!);
                }

                if (!hasMore && writesDone.Task.IsCompleted)
                {
                    // One more poll after the last write committed: it must find the end.
                    (items, cursor, hasMore) = await PollAsync(client, After(cursor, pageSize));
                    if (items.Length == 0 && !hasMore)
                    {
                        return;
                    }

                    continue;
                }

                if (!hasMore)
                {
                    await Task.Delay(20);
                }

                (items, cursor, hasMore) = await PollAsync(client, After(cursor, pageSize));
            }
        }

        var loops = mirrors.Select((mirror, i) => Task.Run(() => PartnerLoopAsync(mirror, new[] { 1, 7, 50, 1000 }[i]))).ToArray();
        var current = new Dictionary<string, string>();
        var random = new Random(12);
        for (var write = 0; write < 500; write++)
        {
            if (current.Count < 20 || random.Next(3) == 0)
            {
                var (id, etag) = await writer.CreateAsync(new { Name = Unique("Mirror"), Type = "Customer" });
                current[id] = etag;
                continue;
            }

            var target = current.Keys.ElementAt(random.Next(current.Count));
            var response = random.Next(10) == 0
                ? await writer.DeleteAsync(target, current[target])
                : await writer.PatchAsync(target, new { Fax = write.ToString(System.Globalization.CultureInfo.InvariantCulture), Status = "Active" }, current[target]);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
            current[target] = response.Headers.ETag!.Tag;
        }

        writesDone.SetResult();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60));

        var truth = new Dictionary<string, string>();
        foreach (var (id, _) in current)
        {
            truth[id] = (await writer.GetAsync($"{CustomersPath}/{id}")).Headers.ETag!.Tag;
        }

        Assert.All(mirrors, mirror => Assert.Equal(truth.OrderBy(t => t.Key), mirror.Select(m => KeyValuePair.Create(m.Key, m.Value.ETag)).OrderBy(t => t.Key)));
    }

    [Fact]
    public async Task ReadByExternalId_MatchesTrimmedAndCaseInsensitive()
    {
        var externalId = Unique("crm");
        var (id, etag) = await Client.CreateAsync(new { Name = Unique("External"), Type = "Customer", ExternalId = externalId });

        var found = await Client.GetAsync($"{CustomersPath}?externalId={Uri.EscapeDataString("  " + externalId.ToUpperInvariant() + " ")}");
        var missing = await Client.GetAsync($"{CustomersPath}?externalId=no-such-{Guid.NewGuid():N}");
        var both = await Client.GetAsync($"{CustomersPath}?externalId={externalId}&id={id}");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(etag, found.Headers.ETag!.Tag);
        Assert.Equal(id, (await found.ReadJsonAsync()).GetProperty("Id").GetString());
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await both.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
    }
}
