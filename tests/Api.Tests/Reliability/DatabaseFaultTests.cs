using System.Diagnostics;
using System.Net;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Infrastructure.Cosmos;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;

namespace Alvys.Customers.Api.Tests.Reliability;

/// <summary>A Cosmos server of its own behind a fault-injecting proxy, and an API host on the proxy.</summary>
public sealed class FaultyDatabase : IAsyncLifetime
{
    private CosmosServer? _server;

    public FaultProxy Proxy { get; private set; } = null!;

    public ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await CosmosServer.StartAsync();
        Proxy = new FaultProxy(_server.Endpoint);
        Api = ApiFactory.OnEndpoint((Proxy.Endpoint.AbsoluteUri, CosmosOptions.EmulatorKey), new Dictionary<string, string>
        {
            ["Limits:RequestDeadlineSeconds"] = "2",
            ["Health:CosmosTimeoutSeconds"] = "1",
            ["Cosmos:RequestTimeoutSeconds"] = "1",
            ["Cosmos:MaxThrottleRetries"] = "2",
            ["Cosmos:MaxThrottleWaitSeconds"] = "1",
        });
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Proxy.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class DatabaseFaultTests(FaultyDatabase db, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<FaultyDatabase>
{
    /// <summary>The deadline is 2 s; anything answered within this is "prompt" on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(6);

    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Client => db.Api.ClientFor(_tenant, "customer:read", "customer:create", "customer:update", "customer:delete");

    private async Task<HttpResponseMessage> TimedAsync(Func<Task<HttpResponseMessage>> send, string what)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        output.WriteLine($"{what}: {(int)response.StatusCode} in {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.True(clock.Elapsed < Prompt, $"{what} took {clock.Elapsed.TotalSeconds:0.0} s");
        return response;
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
    }

    private async Task<HttpResponseMessage> EventuallyAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await send();
            if (response.StatusCode == expected || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                output.WriteLine($"recovered to {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:0.00} s");
                return response;
            }

            await Task.Delay(250);
        }
    }

    [Trait(TestSpeed.Category, TestSpeed.Slow)]
    [Fact]
    public async Task DatabaseGoneSilent_Answers503Promptly_ThenRecoversWithoutRestart_AndLosesNoAcknowledgedWrite()
    {
        var client = Client;
        var acknowledged = new List<(string Id, string ETag)>();
        for (var i = 0; i < 3; i++)
        {
            acknowledged.Add(await client.CreateAsync(new { Name = Unique($"Before Outage {i}"), Type = "Customer", CompanyNumber = Unique("F") }));
        }

        db.Proxy.Set(FaultProxy.Mode.Silent);
        try
        {
            await AssertUnavailableAsync(await TimedAsync(() => client.GetAsync($"{CustomersPath}/{acknowledged[0].Id}"), "GET"));
            await AssertUnavailableAsync(await TimedAsync(() => client.PostAsync(CustomersPath, JsonBody(new { Name = Unique("During"), Type = "Customer" })), "POST"));
            await AssertUnavailableAsync(await TimedAsync(() => client.PatchAsync(acknowledged[1].Id, new { Fax = "1" }, acknowledged[1].ETag), "PATCH"));
            await AssertUnavailableAsync(await TimedAsync(
                () => client.PostAsync($"{CustomersPath}/search", JsonBody(new { page = 0, pageSize = 10, statuses = new[] { "Active" } })), "search"));
            var ready = await TimedAsync(() => db.Api.CreateClient().GetAsync("/health/ready"), "ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await db.Api.CreateClient().GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            db.Proxy.Set(FaultProxy.Mode.Pass);
        }

        var recovered = await EventuallyAsync(() => client.GetAsync($"{CustomersPath}/{acknowledged[0].Id}"), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EventuallyAsync(() => db.Api.CreateClient().GetAsync("/health/ready"), HttpStatusCode.OK)).StatusCode);
        acknowledged.Add(await client.CreateAsync(new { Name = Unique("After Outage"), Type = "Customer" }));

        foreach (var (id, _) in acknowledged)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{CustomersPath}/{id}")).StatusCode);
        }
    }

    [Trait(TestSpeed.Category, TestSpeed.Slow)]
    [Fact]
    public async Task DatabaseThrottling_Answers503WithRetryAfter_ThenRecovers()
    {
        var client = Client;
        var (id, _) = await client.CreateAsync(new { Name = Unique("Throttled"), Type = "Customer" });

        db.Proxy.Set(FaultProxy.Mode.Throttle);
        try
        {
            await AssertUnavailableAsync(await TimedAsync(() => client.GetAsync($"{CustomersPath}/{id}"), "throttled GET"));
            await AssertUnavailableAsync(await TimedAsync(() => client.PostAsync(CustomersPath, JsonBody(new { Name = Unique("Throttled write"), Type = "Customer" })), "throttled POST"));
        }
        finally
        {
            db.Proxy.Set(FaultProxy.Mode.Pass);
        }

        Assert.Equal(HttpStatusCode.OK, (await EventuallyAsync(() => client.GetAsync($"{CustomersPath}/{id}"), HttpStatusCode.OK)).StatusCode);
    }
}
