using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Api.Tests.Platform;
using Xunit.Abstractions;

namespace Alvys.Customers.Api.Tests.Deployment;

/// <summary>
/// The production image as Azure runs it (or, without Docker, the same build as a Production process): what only the
/// shipped artefact can get wrong — entrypoint, native libraries, user, writable paths, port, the document it serves.
/// </summary>
[Trait("Category", TestSpeed.Slow)]
public sealed class ProductionImageTests(ProductionApi api, ITestOutputHelper output) : IClassFixture<ProductionApi>
{
    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        output.WriteLine(TestServers.Description);
    }

    [Fact]
    public async Task ServedDocument_IsThePublishedDocument()
    {
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var published = (await File.ReadAllTextAsync(PublishedDocumentTests.PublishedPath)).ReplaceLineEndings("\n");
        Assert.True(PublishedDocumentTests.AsPublished(await response.Content.ReadAsStringAsync()) == published,
            $"The production build serves a document other than {PublishedDocumentTests.PublishedPath}.");
    }

    [Fact]
    public async Task Process_RunsAsNonRootUser_OnReadOnlyRootFilesystem()
    {
        if (api.Container is null)
        {
            // Host-process path: no image ran. What the image would run as is its recipe's final USER line.
            var recipe = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot, "src", "Api", "Dockerfile"));
            Assert.Equal("USER $APP_UID", recipe.Last(line => line.StartsWith("USER ", StringComparison.Ordinal)));
            output.WriteLine($"{TestServers.Description}: the image was not started; its recipe's last USER line checked.");
            return;
        }

        using var docker = DockerEngine.Connect();
        Assert.NotNull(docker);
        var inspected = await docker.InspectContainerAsync(api.Container.Id);
        Assert.True(inspected.GetProperty("HostConfig").GetProperty("ReadonlyRootfs").GetBoolean());
        // The API's own process, seen from this machine: its user ids, and "/" mounted read-only in its namespace.
        var pid = inspected.GetProperty("State").GetProperty("Pid").GetInt32();
        var uids = File.ReadLines($"/proc/{pid}/status").Single(line => line.StartsWith("Uid:", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(["1654", "1654", "1654", "1654"], uids);
        var root = File.ReadLines($"/proc/{pid}/mounts").Select(line => line.Split(' ')).First(fields => fields[1] == "/");
        Assert.Contains("ro", root[3].Split(','));
        output.WriteLine($"uid {string.Join('/', uids)}, / mounted {root[3].Split(',')[0]}; the API answered ready on it.");
    }

    internal static string RepositoryRoot => Path.GetFullPath(Path.Combine(PublishedDocumentTests.PublishedPath, "..", "..", ".."));
}

/// <summary>
/// SIGTERM while partners are writing, as a scale-in or a new revision ends a replica: the process ends by itself within
/// 10 s, answers no request it accepted with a 5xx, and every write it acknowledged is stored.
/// </summary>
[Trait("Category", TestSpeed.Slow)]
public sealed class ProductionShutdownTests(ProductionApi api, ITestOutputHelper output) : IClassFixture<ProductionApi>
{
    private const int Writers = 8;

    [Fact]
    public async Task Sigterm_DuringAStreamOfWrites_EndsWithin10s_EveryAcknowledgedWriteStored()
    {
        var tenant = ApiFactory.NewTenant();
        var acknowledged = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        var signalledAt = TimeSpan.MaxValue;
        var inFlight = 0;
        var refused = 0;
        using var stop = new CancellationTokenSource();
        var enoughWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task WriteAsync(int writer)
        {
            using var client = api.ClientFor(tenant, "customer:create");
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"Shutdown {writer}-{i} {Guid.NewGuid():N}";
                var sentAt = clock.Elapsed;
                Interlocked.Increment(ref inFlight);
                HttpResponseMessage response;
                try
                {
                    response = await client.PostAsJsonAsync("/api/p/v1/customers", new { Name = name, Type = "Customer" });
                }
                catch (HttpRequestException exception)
                {
                    // A request sent well before the signal reached an API that was still serving: losing its answer is
                    // a dropped request. One sent about or after it may find the listener closed or its connection
                    // going away: nothing was promised to it.
                    if (sentAt < signalledAt - TimeSpan.FromMilliseconds(100))
                    {
                        failures.Add($"sent {(signalledAt - sentAt).TotalMilliseconds:0} ms before SIGTERM, no answer: {exception.Message}");
                    }

                    Interlocked.Increment(ref refused);
                    await Task.Delay(20);
                    continue;
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }

                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                        acknowledged.Add(body.GetProperty("Id").GetString()!);
                        if (acknowledged.Count >= 200)
                        {
                            enoughWritten.TrySetResult();
                        }
                    }
                    else
                    {
                        failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
        }

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() => WriteAsync(writer))).ToList();
        int inFlightAtSignal, acknowledgedAtSignal;
        long exitCode;
        TimeSpan took;
        try
        {
            await enoughWritten.Task.WaitAsync(TimeSpan.FromSeconds(60));
            // Requests whose response has not arrived yet (sent, or being answered) when the signal goes.
            inFlightAtSignal = Volatile.Read(ref inFlight);
            acknowledgedAtSignal = acknowledged.Count;
            signalledAt = clock.Elapsed;
            (exitCode, took) = await api.TerminateAsync();
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(writers);
        }
        // Every acknowledged write, read back through a host of the same database.
        await using var reader = ApiFactory.OnEndpoint(SharedCosmos.Connection, new Dictionary<string, string> { ["Cosmos:Database"] = api.Database });
        using var client = reader.ClientFor(tenant, "customer:read");
        var missing = new List<string>();
        foreach (var id in acknowledged)
        {
            if ((await client.GetAsync($"/api/p/v1/customers/{id}")).StatusCode != HttpStatusCode.OK)
            {
                missing.Add(id);
            }
        }

        output.WriteLine($"{acknowledged.Count - missing.Count} of {acknowledged.Count} acknowledged writes stored");
        Assert.Empty(missing);
    }
}

/// <summary>
/// The README's walkthrough against the production image — in the Development environment, the one the README runs the
/// API in (its webhook receiver is on loopback, which Production refuses to deliver to).
/// </summary>
[Trait("Category", TestSpeed.Slow)]
public sealed class ImageWalkthroughTests(DevelopmentImageApi api, ITestOutputHelper output) : IClassFixture<DevelopmentImageApi>
{
    private static readonly string[] AllScopes =
        ["customer:read", "customer:create", "customer:update", "customer:delete", "webhook:read", "webhook:manage"];

    /// <summary>The README's walkthrough (tools/walkthrough) against the image, with a token of the test issuer.</summary>
    [Fact]
    public async Task Walkthrough_EveryStatusAsTheReadmeSays()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(ProductionImageTests.RepositoryRoot, "tools", "walkthrough"), api.BaseAddress.AbsoluteUri.TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["TOKEN"] = TestTokens.Create(ApiFactory.NewTenant(), AllScopes);
        using var walkthrough = Process.Start(start)!;
        var stdout = walkthrough.StandardOutput.ReadToEndAsync();
        var stderr = walkthrough.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await walkthrough.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Its sample receiver (node) goes with it.
            walkthrough.Kill(entireProcessTree: true);
            Assert.Fail($"The walkthrough did not finish within 3 minutes:\n{await api.OutputAsync()}");
        }

        output.WriteLine(await stdout);
        Assert.True(walkthrough.ExitCode == 0, $"The walkthrough failed against the production build:\n{await stderr}\n{await api.OutputAsync()}");
    }

}
