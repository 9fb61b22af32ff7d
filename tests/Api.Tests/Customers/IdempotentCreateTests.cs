using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Customers;

/// <summary>Idempotency-Key on POST /customers: a retry answers the first create's customer, another body is refused, one customer per key.</summary>
[Collection(ApiHosts.CustomersApi)]
public sealed class IdempotentCreateTests(ApiFactory api)
{
    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update");

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, CustomersPath) { Content = JsonBody(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    private async Task<int> CountAsync(HttpClient client)
    {
        var response = await client.PostAsync($"{CustomersPath}/search", JsonBody(new { page = 0, pageSize = 1, statuses = new[] { "Active", "Inactive" } }));
        return (await response.ReadJsonAsync()).GetProperty("Total").GetInt32();
    }

    [Fact]
    public async Task ARetry_WithAnEquivalentBody_Replays201WithTheSameCustomer_AndWritesNothing()
    {
        var key = Guid.NewGuid().ToString();
        var name = Unique("Idem");

        var first = await PostAsync(Client, key, $$"""{ "Name": "{{name}}", "Type": "Customer", "Fax": "1" }""");
        var retry = await PostAsync(Client, key, $$"""{"fax":"1",   "TYPE":"Customer","name":"{{name}}"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag!.Tag, retry.Headers.ETag!.Tag);
        Assert.Equal((await first.ReadJsonAsync()).GetProperty("Id").GetString(), (await retry.ReadJsonAsync()).GetProperty("Id").GetString());
        Assert.Equal(1, await CountAsync(Client));
    }

    [Fact]
    public async Task ARetry_AfterTheCustomerChanged_AnswersItsCurrentVersion()
    {
        var key = Guid.NewGuid().ToString();
        var body = $$"""{ "Name": "{{Unique("Changed")}}", "Type": "Customer" }""";
        var first = await PostAsync(Client, key, body);
        var id = (await first.ReadJsonAsync()).GetProperty("Id").GetString()!;
        var patched = await Client.PatchAsync(id, new { Fax = "9" }, first.Headers.ETag!.Tag);

        var retry = await PostAsync(Client, key, body);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(patched.Headers.ETag!.Tag, retry.Headers.ETag!.Tag);
        Assert.Equal("9", (await retry.ReadJsonAsync()).GetProperty("Fax").GetString());
    }

    [Fact]
    public async Task TheSameKey_WithADifferentBody_Is422()
    {
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Client, key, $$"""{ "Name": "{{Unique("One")}}", "Type": "Customer" }""")).StatusCode);

        var reused = await PostAsync(Client, key, $$"""{ "Name": "{{Unique("Two")}}", "Type": "Customer" }""");

        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "IdempotencyKeyReused");
        Assert.Equal(1, await CountAsync(Client));
    }

    [Fact]
    public async Task EightConcurrentPosts_WithOneKeyAndBody_MakeOneCustomer()
    {
        var key = Guid.NewGuid().ToString();
        var body = $$"""{ "Name": "{{Unique("Racing")}}", "Type": "Customer", "CompanyNumber": "{{Unique("RACE")}}" }""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(api.ClientFor(_tenant, "customer:create", "customer:read"), key, body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync()).GetProperty("Id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(7, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await CountAsync(Client));
    }

    [Fact]
    public async Task TheSameKey_InTwoTenants_MakesTwoCustomers()
    {
        var key = Guid.NewGuid().ToString();
        var other = api.ClientFor(ApiFactory.NewTenant(), "customer:create");
        var body = $$"""{ "Name": "{{Unique("Twin")}}", "Type": "Customer" }""";

        var mine = await PostAsync(Client, key, body);
        var theirs = await PostAsync(other, key, body);

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((await mine.ReadJsonAsync()).GetProperty("Id").GetString(), (await theirs.ReadJsonAsync()).GetProperty("Id").GetString());
    }

    [Fact]
    public async Task AFailedCreate_BindsNothing()
    {
        var key = Guid.NewGuid().ToString();
        var number = Unique("HELD");
        await Client.CreateAsync(new { Name = Unique("Holder"), Type = "Customer", CompanyNumber = number });

        var invalid = await PostAsync(Client, key, """{ "Name": "", "Type": "Customer" }""");
        var conflict = await PostAsync(Client, key, $$"""{ "Name": "{{Unique("Clash")}}", "Type": "Customer", "CompanyNumber": "{{number}}" }""");
        var created = await PostAsync(Client, key, $$"""{ "Name": "{{Unique("Finally")}}", "Type": "Customer" }""");

        await invalid.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        await conflict.AssertProblemAsync(HttpStatusCode.Conflict, "DuplicateCustomer");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(created.Headers.Contains("Idempotent-Replayed"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("tab\there")]
    [InlineData("caf\u00e9")]
    public async Task AMalformedKey_Is400(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, CustomersPath) { Content = JsonBody(new { Name = Unique("Keyed"), Type = "Customer" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await Client.SendAsync(request);

        var errors = (await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await CountAsync(Client));
    }

    [Fact]
    public async Task AKeyOf256Characters_Is400_And255AreAccepted()
    {
        var tooLong = await PostAsync(Client, new string('k', 256), $$"""{ "Name": "{{Unique("Long")}}", "Type": "Customer" }""");
        var longest = await PostAsync(Client, new string('k', 254) + Guid.NewGuid().ToString("N")[..1], $$"""{ "Name": "{{Unique("Long")}}", "Type": "Customer" }""");

        await tooLong.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }
}
