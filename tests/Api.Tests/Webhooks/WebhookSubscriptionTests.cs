using System.Net;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;
using static Alvys.Customers.Api.Tests.Webhooks.WebhooksApi;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>The subscription resource over HTTP, with its endpoints verified by a real receiver on loopback.</summary>
[Collection(WebhooksApi.Collection)]
public sealed class WebhookSubscriptionTests(WebhooksApi webhooks)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => webhooks.Manager(_tenant);

    private object NewBody(string? url = null, params string[] events) => new
    {
        Name = Unique("ERP sync"),
        Url = url ?? webhooks.Receiver.NewEndpoint(),
        Events = events.Length == 0 ? ["customer.created", "customer.updated"] : events,
    };

    [Fact]
    public async Task Create_Is201WithTheSecretOnce_Pending_ThenActiveOnceTheEndpointEchoesTheChallenge()
    {
        var url = webhooks.Receiver.NewEndpoint();

        var response = await Client.PostAsync(WebhooksPath, JsonBody(new { Name = "ERP sync", Url = url, Events = new[] { "customer.updated", "Customer.Created" }, IncludePreviousAttributes = true }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        var id = created.GetProperty("Id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal($"{WebhooksPath}/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(response.Headers.ETag!.Tag, created.GetProperty("ETag").GetString());
        Assert.Equal("ERP sync", created.GetProperty("Name").GetString());
        Assert.Equal(url, created.GetProperty("Url").GetString());
        Assert.Equal(["customer.created", "customer.updated"], created.GetProperty("Events").EnumerateArray().Select(e => e.GetString()));
        Assert.True(created.GetProperty("IncludePreviousAttributes").GetBoolean());
        Assert.Equal("Pending", created.GetProperty("Status").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("StatusReason").ValueKind);
        var secret = created.GetProperty("Secret").GetString()!;
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", secret);

        var (settled, etag) = await SettledAsync(Client, id);
        Assert.Equal("Active", settled.GetProperty("Status").GetString());
        Assert.Equal(JsonValueKind.Null, settled.GetProperty("StatusReason").ValueKind);
        Assert.NotEqual(created.GetProperty("ETag").GetString(), etag);
        Assert.False(settled.TryGetProperty("Secret", out _));
        var listed = (await (await Client.GetAsync(WebhooksPath)).ReadJsonAsync()).GetProperty("Items").EnumerateArray().Single();
        Assert.Equal(id, listed.GetProperty("Id").GetString());
        Assert.False(listed.TryGetProperty("Secret", out _));
        Assert.DoesNotContain(secret, await (await Client.GetAsync(WebhooksPath)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The challenge as the contract spells it, unsigned.
        var challenge = Assert.Single(webhooks.Receiver.ReceivedBy(url));
        Assert.Equal("POST", challenge.Method);
        Assert.Equal("application/json; charset=utf-8", challenge.Headers["Content-Type"]);
        Assert.Equal("Alvys-Webhook/1.0", challenge.Headers["User-Agent"]);
        Assert.Equal("webhook.verification", challenge.Headers["X-Alvys-Event"]);
        var token = challenge.Headers["X-Alvys-Challenge"];
        Assert.False(string.IsNullOrWhiteSpace(token));
        Assert.Equal($"{{\"event\":\"webhook.verification\",\"challenge\":\"{token}\"}}", challenge.Body);
        Assert.False(challenge.Headers.ContainsKey("X-Alvys-Signature"));
    }

    [Theory]
    [InlineData(EndpointBehaviour.WrongEcho)]
    [InlineData(EndpointBehaviour.Fail)]
    [InlineData(EndpointBehaviour.Hang)]
    public async Task AnEndpointThatDoesNotEchoTheChallengeInTime_StaysPendingWithVerificationFailed_UntilStatusActiveVerifiesAgain(EndpointBehaviour behaviour)
    {
        var url = webhooks.Receiver.NewEndpoint(behaviour);
        var id = (await CreateAsync(Client, NewBody(url))).GetProperty("Id").GetString()!;

        var (failed, etag) = await SettledAsync(Client, id);

        Assert.Equal("Pending", failed.GetProperty("Status").GetString());
        Assert.Equal("VerificationFailed", failed.GetProperty("StatusReason").GetString());

        webhooks.Receiver.Set(url, EndpointBehaviour.Echo);
        var reenabled = await PatchAsync(Client, id, new { Status = "Active" }, etag);
        Assert.Equal(HttpStatusCode.OK, reenabled.StatusCode);
        Assert.Equal("Pending", (await reenabled.ReadJsonAsync()).GetProperty("Status").GetString());
        Assert.Equal("Active", (await SettledAsync(Client, id)).Webhook.GetProperty("Status").GetString());
    }

    [Fact]
    public async Task Create_WithMissingOrWrongMembers_Is400WithAnErrorPerField_AndStoresNothing()
    {
        var missing = await Client.PostAsync(WebhooksPath, JsonBody("{}"));
        var problem = await missing.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal(["Events", "Name", "Url"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        var wrong = await Client.PostAsync(WebhooksPath, JsonBody(new { Name = new string('n', 101), Url = "ftp://hooks.partner.example/x", Events = Array.Empty<string>() }));
        problem = await wrong.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal(["Events", "Name", "Url"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        var unknownEvent = await Client.PostAsync(WebhooksPath, JsonBody(new { Name = "x", Url = "https://hooks.partner.example/x", Events = new[] { "customer.merged" } }));
        problem = await unknownEvent.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.StartsWith("Events", Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name, StringComparison.Ordinal);

        Assert.Empty((await (await Client.GetAsync(WebhooksPath)).ReadJsonAsync()).GetProperty("Items").EnumerateArray());
    }

    [Theory]
    [InlineData("http://hooks.partner.example/alvys")]
    [InlineData("https://user:pass@hooks.partner.example/alvys")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.16.0.1/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/hook")]
    [InlineData("https://224.0.0.1/hook")]
    [InlineData("https://0.0.0.0/hook")]
    [InlineData("https://[fd00::1]/hook")]
    [InlineData("https://[fe80::1]/hook")]
    [InlineData("https://[::ffff:169.254.169.254]/hook")]
    [InlineData("https://2130706433/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("/relative/hook")]
    public async Task Create_AndRetarget_ToAForbiddenTarget_Is400OnUrl(string url)
    {
        var created = await Client.PostAsync(WebhooksPath, JsonBody(NewBody(url)));
        var problem = await created.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal(["Url"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));

        var id = (await CreateAsync(Client, NewBody())).GetProperty("Id").GetString()!;
        var (_, etag) = await SettledAsync(Client, id);
        var retarget = await PatchAsync(Client, id, new { Url = url }, etag);
        problem = await retarget.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal(["Url"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Equal(etag, (await Client.GetAsync($"{WebhooksPath}/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Scopes_ReadForGets_ManageForEverythingElse()
    {
        var id = (await CreateAsync(Client, NewBody())).GetProperty("Id").GetString()!;
        var reader = webhooks.Api.ClientFor(_tenant, "webhook:read");
        var manager = webhooks.Api.ClientFor(_tenant, "webhook:manage");
        var customers = webhooks.Api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update", "customer:delete");

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(WebhooksPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"{WebhooksPath}/{id}")).StatusCode);
        await (await reader.PostAsync(WebhooksPath, JsonBody(NewBody()))).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await reader.PostAsync($"{WebhooksPath}/{id}/secret", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await reader.DeleteAsync($"{WebhooksPath}/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await manager.GetAsync(WebhooksPath)).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await customers.GetAsync($"{WebhooksPath}/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        await (await customers.PostAsync(WebhooksPath, JsonBody(NewBody()))).AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        Assert.Single((await (await reader.GetAsync(WebhooksPath)).ReadJsonAsync()).GetProperty("Items").EnumerateArray());
    }

    [Fact]
    public async Task AnotherTenantsWebhook_Is404ToEveryOperation_AndIsNotListed()
    {
        var id = (await CreateAsync(Client, NewBody())).GetProperty("Id").GetString()!;
        var (_, etag) = await SettledAsync(Client, id);
        var other = webhooks.Manager(ApiFactory.NewTenant());

        await (await other.GetAsync($"{WebhooksPath}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await (await PatchAsync(other, id, new { Name = "Hijacked" }, etag)).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await (await other.PostAsync($"{WebhooksPath}/{id}/secret", null)).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await (await other.DeleteAsync($"{WebhooksPath}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Empty((await (await other.GetAsync(WebhooksPath)).ReadJsonAsync()).GetProperty("Items").EnumerateArray());
        await (await Client.GetAsync($"{WebhooksPath}/not-an-id")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");

        var mine = await Client.GetAsync($"{WebhooksPath}/{id}");
        Assert.Equal(etag, mine.Headers.ETag!.Tag);
        Assert.NotEqual("Hijacked", (await mine.ReadJsonAsync()).GetProperty("Name").GetString());
    }

    [Fact]
    public async Task Patch_IsConditionalOnIfMatch_AndDecidesThePreconditionBeforeTheBody()
    {
        var id = (await CreateAsync(Client, NewBody())).GetProperty("Id").GetString()!;
        var (_, etag) = await SettledAsync(Client, id);

        await (await PatchAsync(Client, id, new { Name = "Renamed" }, ifMatch: null)).AssertProblemAsync(HttpStatusCode.PreconditionRequired, "PreconditionRequired");
        await (await PatchAsync(Client, id, new { Name = "Renamed" }, "\"stale\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        await (await PatchAsync(Client, id, new { Name = 42 }, "\"stale\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        var bad = await PatchAsync(Client, id, new { Name = (string?)null, Events = (string[]?)null, Status = "Pending" }, etag);
        var problem = await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal(["Events", "Name", "Status"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());

        var renamed = await PatchAsync(Client, id, new { Name = "Renamed", Events = new[] { "customer.deleted" }, IncludePreviousAttributes = true }, etag);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await renamed.ReadJsonAsync();
        Assert.Equal(("Renamed", "Active", true), (body.GetProperty("Name").GetString(), body.GetProperty("Status").GetString(), body.GetProperty("IncludePreviousAttributes").GetBoolean()));
        Assert.Equal(["customer.deleted"], body.GetProperty("Events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(renamed.Headers.ETag!.Tag, body.GetProperty("ETag").GetString());
        Assert.NotEqual(etag, renamed.Headers.ETag.Tag);

        // The same values again change nothing: no write, the same version.
        var again = await PatchAsync(Client, id, new { Name = "Renamed" }, renamed.Headers.ETag.Tag);
        Assert.Equal(renamed.Headers.ETag.Tag, again.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Patch_ANewUrl_MakesItPendingAndVerifiesTheNewEndpoint_AndDisabledStopsIt()
    {
        var id = (await CreateAsync(Client, NewBody())).GetProperty("Id").GetString()!;
        var (_, etag) = await SettledAsync(Client, id);
        var next = webhooks.Receiver.NewEndpoint();

        var retargeted = await PatchAsync(Client, id, new { Url = next }, etag);

        Assert.Equal("Pending", (await retargeted.ReadJsonAsync()).GetProperty("Status").GetString());
        var (active, activeETag) = await SettledAsync(Client, id);
        Assert.Equal(("Active", next), (active.GetProperty("Status").GetString(), active.GetProperty("Url").GetString()));
        Assert.Single(webhooks.Receiver.ReceivedBy(next));

        var disabled = await PatchAsync(Client, id, new { Status = "Disabled" }, activeETag);
        var body = await disabled.ReadJsonAsync();
        Assert.Equal(("Disabled", "DisabledByPartner"), (body.GetProperty("Status").GetString(), body.GetProperty("StatusReason").GetString()));
    }

    [Fact]
    public async Task Delete_Is204_HonoursIfMatchWhenSent_AndTheWebhookIsGone()
    {
        var first = (await CreateAsync(Client, NewBody())).GetProperty("Id").GetString()!;
        var second = (await CreateAsync(Client, NewBody())).GetProperty("Id").GetString()!;
        var (_, etag) = await SettledAsync(Client, first);
        await SettledAsync(Client, second);

        var stale = new HttpRequestMessage(HttpMethod.Delete, $"{WebhooksPath}/{first}") { Headers = { { "If-Match", "\"stale\"" } } };
        await (await Client.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        var conditional = new HttpRequestMessage(HttpMethod.Delete, $"{WebhooksPath}/{first}") { Headers = { { "If-Match", etag } } };
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(conditional)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"{WebhooksPath}/{second}")).StatusCode);

        await (await Client.GetAsync($"{WebhooksPath}/{first}")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await (await Client.DeleteAsync($"{WebhooksPath}/{second}")).AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Empty((await (await Client.GetAsync(WebhooksPath)).ReadJsonAsync()).GetProperty("Items").EnumerateArray());
    }

    [Fact]
    public async Task RotateSecret_AnswersANewSecretOnce_AndANewVersion()
    {
        var created = await CreateAsync(Client, NewBody());
        var id = created.GetProperty("Id").GetString()!;
        var (_, etag) = await SettledAsync(Client, id);

        var rotated = await Client.PostAsync($"{WebhooksPath}/{id}/secret", null);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await rotated.ReadJsonAsync();
        var secret = body.GetProperty("Secret").GetString()!;
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", secret);
        Assert.NotEqual(created.GetProperty("Secret").GetString(), secret);
        Assert.Equal(rotated.Headers.ETag!.Tag, body.GetProperty("ETag").GetString());
        Assert.NotEqual(etag, rotated.Headers.ETag.Tag);
        Assert.Equal("Active", body.GetProperty("Status").GetString());
        Assert.DoesNotContain(secret, await (await Client.GetAsync($"{WebhooksPath}/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RacingCreates_StoreExactlyTwenty_AndTheRestAre409WebhookLimitReached()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 26).Select(_ => Client.PostAsync(WebhooksPath, JsonBody(NewBody()))));

        Assert.Equal(20, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Conflict, "WebhookLimitReached");
        }

        var listed = (await (await Client.GetAsync(WebhooksPath)).ReadJsonAsync()).GetProperty("Items").EnumerateArray().Select(w => w.GetProperty("Id").GetString()).ToArray();
        Assert.Equal(20, listed.Length);
        var created = await Task.WhenAll(answers.Where(a => a.StatusCode == HttpStatusCode.Created).Select(async a => (await a.ReadJsonAsync()).GetProperty("Id").GetString()));
        Assert.Equal(created.Order(), listed.Order());
    }

    [Fact]
    public async Task RacingPatches_FromTheSameVersion_OneWins_TheOthersAre412_AndTheWinnersNameIsStored()
    {
        var id = (await CreateAsync(Client, NewBody())).GetProperty("Id").GetString()!;
        var (_, etag) = await SettledAsync(Client, id);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PatchAsync(webhooks.Manager(_tenant), id, new { Name = $"Writer {i}" }, etag)));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var loser in answers.Where(a => a != winner))
        {
            await loser.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "PreconditionFailed");
        }

        var stored = await Client.GetAsync($"{WebhooksPath}/{id}");
        Assert.Equal(winner.Headers.ETag!.Tag, stored.Headers.ETag!.Tag);
        Assert.Equal((await winner.ReadJsonAsync()).GetProperty("Name").GetString(), (await stored.ReadJsonAsync()).GetProperty("Name").GetString());
    }
}
