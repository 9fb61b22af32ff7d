using System.Diagnostics;
using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Customers;
using Microsoft.Azure.Cosmos;
using Microsoft.IdentityModel.Tokens;

// The benchmark's helper: mints tokens, seeds customers through the API, and measures the floor — the same
// Cosmos operations the API makes, issued directly through Microsoft.Azure.Cosmos with the API's client options.
//   alvys-bench token  <signing-key-base64> <issuer> <audience> <tenant>
//   alvys-bench seed   <api-base> <token> <count> <ids-file>
//   alvys-bench floor-session <cosmos-endpoint> <database> <ids-file>
//       then one line per measurement on stdin: <op: read|create|patch|search> <concurrency> <seconds> <tenant> <warm-up seconds>
//   alvys-bench seed-store <cosmos-endpoint> <database> <tenant> <count> <ids-file>   customers straight into Cosmos, names in ten
//       stems (Acme, Beta, …) so a namePrefix matches a tenth; their ids one per line
//   alvys-bench growth <api-base> <token> <cosmos-endpoint> <database> <tenant> <sizes, e.g. 1000,10000,50000>
//   alvys-bench allocations <pid> <ready-file> <stop-file>   bytes a .NET process allocates between the two files
//   alvys-bench large-objects <pid> <seconds>      allocation ticks by type and heap
//   alvys-bench allocation-sites <pid> <seconds>   allocation ticks by call site and pipeline stage
//   alvys-bench dispatch [rounds] [sends-per-round]   the application pipeline's dispatch cost, Mediator against the old dispatcher
return args.FirstOrDefault() switch
{
    "dispatch" => await Alvys.Customers.Bench.DispatchBenchmark.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000),
    "token" => Token(args[1], args[2], args[3], args[4]),
    "seed" => await Seed(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4]),
    "floor-session" => await FloorSession(args[1], args[2], args[3]),
    "seed-store" => await SeedStore(args[1], args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture), args[5]),
    "growth" => await Growth(args[1], args[2], args[3], args[4], args[5], args[6]),
    "allocations" => await Allocations(int.Parse(args[1], CultureInfo.InvariantCulture), args[2], args[3]),
    "allocation-sites" => await AllocationSites(int.Parse(args[1], CultureInfo.InvariantCulture), double.Parse(args[2], CultureInfo.InvariantCulture)),
    "large-objects" => await LargeObjects(int.Parse(args[1], CultureInfo.InvariantCulture), double.Parse(args[2], CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: alvys-bench token|seed|floor-session|growth|allocations|large-objects|allocation-sites|dispatch …  (see Program.cs)");
    return 2;
}

static int Token(string keyBase64, string issuer, string audience, string tenant)
{
    var key = new SymmetricSecurityKey(Convert.FromBase64String(keyBase64));
    var descriptor = new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([
            new Claim("sub", "bench"), new Claim("azp", "bench"), new Claim("tenant_id", tenant),
            new Claim("scope", "customer:read customer:create customer:update customer:delete"),
        ]),
        Expires = DateTime.UtcNow.AddHours(2),
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    };
    var handler = new JwtSecurityTokenHandler { MapInboundClaims = false };
    Console.WriteLine(handler.WriteToken(handler.CreateToken(descriptor)));
    return 0;
}

static async Task<int> Seed(string apiBase, string token, int count, string idsFile)
{
    using var http = new HttpClient { BaseAddress = new Uri(apiBase) };
    http.DefaultRequestHeaders.Authorization = new("Bearer", token);
    var ids = new string[count];
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < count;)
        {
            var body = JsonSerializer.Serialize(new { Name = $"Bench Seed {i} {Guid.NewGuid():N}", Type = "Customer", CompanyNumber = $"SEED-{i}-{Guid.NewGuid().ToString("N")[..6]}" });
            using var response = await http.PostAsync("api/p/v1/customers", new StringContent(body, Encoding.UTF8, "application/json"));
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"seed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            ids[i] = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Id").GetString()!;
        }
    }));
    await File.WriteAllLinesAsync(idsFile, ids);
    return 0;
}

static async Task<int> SeedStore(string endpoint, string database, string tenant, int count, string idsFile)
{
    using var counter = new CosmosRequestCounter();
    using var client = Client(endpoint, counter);
    var container = client.GetContainer(database, "customers");
    var partition = new PartitionKey(tenant);
    string[] stems = ["Acme", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa"];
    var ids = new string[count];
    var next = -1;
    await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
    {
        for (int i; (i = Interlocked.Increment(ref next)) < count;)
        {
            var customer = Customer.Create(
                TenantId.From(tenant), new CustomerPatch { Name = $"{stems[i % stems.Length]} {i:00000}", Type = CustomerType.Customer }, DateTimeOffset.UtcNow).Value;
            using var r = await container.CreateItemStreamAsync(
                new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(CustomerDocumentMapper.ToDocument(customer), CosmosJson.Options)), partition);
            r.EnsureSuccessStatusCode();
            ids[i] = customer.Id.Value;
        }
    }));
    await File.WriteAllLinesAsync(idsFile, ids);
    return 0;
}

static CosmosClient Client(string endpoint, CosmosRequestCounter counter) =>
    CosmosClientFactory.Create(new CosmosOptions { Endpoint = endpoint, Key = CosmosOptions.EmulatorKey }, counter);

/// <summary>
/// A new customer as the API would store it — built by the aggregate, mapped and serialized by the repository's
/// own mapper and options — for the floor's creates and the growth series, which write straight to Cosmos.
/// </summary>
static byte[] Document(string tenant, string name) =>
    JsonSerializer.SerializeToUtf8Bytes(
        CustomerDocumentMapper.ToDocument(
            Customer.Create(TenantId.From(tenant), new CustomerPatch { Name = name, Type = CustomerType.Customer }, DateTimeOffset.UtcNow).Value),
        CosmosJson.Options);

/// <summary>
/// One process for every floor measurement of a run, as the API is one process: its JIT, connections and
/// caches are as warm as the API's by the time each is measured. Reads one line per measurement from stdin
/// and answers each with one JSON line.
/// </summary>
static async Task<int> FloorSession(string endpoint, string database, string idsFile)
{
    var ids = await File.ReadAllLinesAsync(idsFile);
    using var counter = new CosmosRequestCounter();
    using var client = Client(endpoint, counter);
    var container = client.GetContainer(database, "customers");
    while (Console.ReadLine() is { } line)
    {
        var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine(await Measure(
            container, counter, ids, p[0], int.Parse(p[1], CultureInfo.InvariantCulture), double.Parse(p[2], CultureInfo.InvariantCulture), p[3],
            TimeSpan.FromSeconds(double.Parse(p[4], CultureInfo.InvariantCulture))));
    }

    return 0;
}

static async Task<string> Measure(Container container, CosmosRequestCounter counter, string[] ids, string op, int concurrency, double seconds, string tenant, TimeSpan warmUp)
{
    var partition = new PartitionKey(tenant);
    var search = new QueryDefinition("SELECT * FROM c WHERE c.status IN (@status0) ORDER BY c.dateCreated ASC, c.id ASC OFFSET @skip LIMIT @take")
        .WithParameter("@status0", "Active").WithParameter("@skip", 0).WithParameter("@take", 20);
    var count = new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.status IN (@status0)").WithParameter("@status0", "Active");
    var queryOptions = new QueryRequestOptions { PartitionKey = partition, EnableOptimisticDirectExecution = true, MaxItemCount = 20 };
    const string Filtered = "c.status IN (@status0) AND STARTSWITH(c.nameKey, @namePrefix)";
    var filteredSearch = new QueryDefinition($"SELECT * FROM c WHERE {Filtered} ORDER BY c.status DESC, c.dateModified DESC, c.id DESC OFFSET @skip LIMIT @take")
        .WithParameter("@status0", "Active").WithParameter("@namePrefix", "ACME").WithParameter("@skip", 0).WithParameter("@take", 20);
    var filteredCount = new QueryDefinition($"SELECT VALUE COUNT(1) FROM c WHERE {Filtered}").WithParameter("@status0", "Active").WithParameter("@namePrefix", "ACME");

    // Every page of a query, each parsed as the API parses its pages.
    async Task ReadAll(QueryDefinition query, QueryRequestOptions options)
    {
        using var iterator = container.GetItemQueryStreamIterator(query, requestOptions: options);
        while (iterator.HasMoreResults)
        {
            using var r = await iterator.ReadNextAsync();
            r.EnsureSuccessStatusCode();
            using var doc = await JsonDocument.ParseAsync(r.Content);
        }
    }

    async Task Once(int worker, long n)
    {
        var id = ids[(int)((worker * 7919 + n) % ids.Length)];
        switch (op)
        {
            case "read":
            {
                using var r = await container.ReadItemStreamAsync(id, partition);
                r.EnsureSuccessStatusCode();
                using var doc = await JsonDocument.ParseAsync(r.Content);
                break;
            }

            case "create":
            {
                using var r = await container.CreateItemStreamAsync(new MemoryStream(Document(tenant, "Floor " + Guid.NewGuid().ToString("N"))), partition);
                r.EnsureSuccessStatusCode();
                break;
            }

            case "patch":
            {
                // The API's PATCH: read the current version, write the change conditional on it.
                var own = ids[(int)((worker + concurrency * n) % ids.Length)];
                using var read = await container.ReadItemStreamAsync(own, partition);
                read.EnsureSuccessStatusCode();
                var node = (await JsonNode.ParseAsync(read.Content))!.AsObject();
                node["fax"] = $"floor-{worker}-{n}";
                using var write = await container.ReplaceItemStreamAsync(
                    new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(node)), own, partition, new ItemRequestOptions { IfMatchEtag = read.Headers.ETag });
                if (write.StatusCode != HttpStatusCode.PreconditionFailed)
                {
                    write.EnsureSuccessStatusCode();
                }

                break;
            }

            case "search":
            {
                // The API's search of a full page: the page, then the COUNT the page cannot prove.
                foreach (var query in new[] { search, count })
                {
                    using var iterator = container.GetItemQueryStreamIterator(query, requestOptions: queryOptions);
                    using var r = await iterator.ReadNextAsync();
                    r.EnsureSuccessStatusCode();
                    using var doc = await JsonDocument.ParseAsync(r.Content);
                }

                break;
            }

            case "lookup":
            {
                // The API's lookup of 100 ids: one IN query over the id, in the tenant's partition.
                var keys = Enumerable.Range(0, 100).Select(k => ids[(int)((worker * 7919 + n * 100 + k) % ids.Length)]).Distinct().ToArray();
                var lookup = new QueryDefinition($"SELECT * FROM c WHERE c.id IN ({string.Join(", ", keys.Select((_, k) => $"@key{k}"))})");
                for (var k = 0; k < keys.Length; k++)
                {
                    lookup = lookup.WithParameter($"@key{k}", keys[k]);
                }

                await ReadAll(lookup, new QueryRequestOptions { PartitionKey = partition, EnableOptimisticDirectExecution = true, MaxItemCount = keys.Length });
                break;
            }

            case "search-filtered":
            {
                // The API's search of one status, a namePrefix and a descending DateModified order: the page, then the COUNT.
                await ReadAll(filteredSearch, queryOptions);
                await ReadAll(filteredCount, queryOptions);
                break;
            }

            default:
                throw new ArgumentException($"unknown op {op}");
        }
    }

    async Task<List<double>> Load(TimeSpan duration)
    {
        var latencies = new List<double>[concurrency];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            for (long n = 0; clock.Elapsed < duration; n++)
            {
                var started = Stopwatch.GetTimestamp();
                await Once(worker, n);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return latencies.SelectMany(l => l).ToList();
    }

    // Warm-up under the same load, not measured: bench/run passes the time it warms the API for.
    await Load(warmUp);

    var requestsBefore = counter.Total;
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    var latencies = await Load(TimeSpan.FromSeconds(seconds));
    var elapsed = clock.Elapsed.TotalSeconds;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
    var all = latencies.Order().ToArray();
    double Percentile(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p / 100 * all.Length) - 1)];
    return JsonSerializer.Serialize(new
    {
        op, concurrency, ops = all.Length, opsPerSecond = all.Length / elapsed, p50 = Percentile(50), p99 = Percentile(99),
        cpuMicrosecondsPerOp = cpu / all.Length, allocatedBytesPerOp = (double)allocated / all.Length, requestsPerOp = (double)(counter.Total - requestsBefore) / all.Length,
    });
}

static async Task<int> Growth(string apiBase, string token, string endpoint, string database, string tenant, string sizes)
{
    using var http = new HttpClient { BaseAddress = new Uri(apiBase), Timeout = TimeSpan.FromMinutes(5) };
    http.DefaultRequestHeaders.Authorization = new("Bearer", token);
    using var counter = new CosmosRequestCounter();
    using var client = Client(endpoint, counter);
    var container = client.GetContainer(database, "customers");
    var partition = new PartitionKey(tenant);
    var stored = 0;
    var results = new List<object>();
    foreach (var size in sizes.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)))
    {
        // Seeded straight into Cosmos (the API's create path is measured elsewhere), 16 at a time.
        var next = stored - 1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            for (int i; (i = Interlocked.Increment(ref next)) < size;)
            {
                using var r = await container.CreateItemStreamAsync(new MemoryStream(Document(tenant, $"Growth {i}")), partition);
                r.EnsureSuccessStatusCode();
            }
        }));
        stored = size;

        foreach (var (label, page) in new[] { ("page 0", 0), ("deep page", size / 20 - 1) })
        {
            var body = JsonSerializer.Serialize(new { page, pageSize = 20, statuses = new[] { "Active" } });
            var timings = new List<double>();
            var cosmosRequests = 0L;
            var status = 0;
            for (var i = 0; i < 6; i++)
            {
                var before = await LocalRequests(endpoint);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("api/p/v1/customers/search", new StringContent(body, Encoding.UTF8, "application/json"));
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                status = (int)response.StatusCode;
                cosmosRequests = await LocalRequests(endpoint) - before;
                if (i > 0)
                {
                    timings.Add(ms);
                }
            }

            timings.Sort();
            results.Add(new { customers = size, label, page, medianMs = timings[timings.Count / 2], cosmosRequests, status });
        }
    }

    Console.WriteLine(JsonSerializer.Serialize(results));
    return 0;
}

/// <summary>
/// Bytes the process <paramref name="pid"/> allocates while the caller's load runs: the runtime's
/// <c>alloc-rate</c> counter (System.Runtime, one reading a second) over an EventPipe session. The first
/// reading covers time before the session and is dropped; then <paramref name="readyFile"/> is created and
/// the caller starts its load. Once the caller creates <paramref name="stopFile"/>, one more reading closes
/// the window (it covers the end of the load and a moment of idling, which allocates next to nothing).
/// </summary>
static async Task<int> Allocations(int pid, string readyFile, string stopFile)
{
    var client = new Microsoft.Diagnostics.NETCore.Client.DiagnosticsClient(pid);
    var runtime = new Microsoft.Diagnostics.NETCore.Client.EventPipeProvider(
        "System.Runtime", System.Diagnostics.Tracing.EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" });
    using var session = client.StartEventPipeSession([runtime], requestRundown: false);
    using var source = new Microsoft.Diagnostics.Tracing.EventPipeEventSource(session.EventStream);
    var increments = new List<long>();
    // Beside the allocations, what a latency stall would leave behind: blocking gen-2 collections, the share of time
    // in GC, and a thread pool that had to grow or queue work (starvation).
    long gen2 = 0;
    double maxTimeInGc = 0, maxThreads = 0, maxQueue = 0;
    var first = new TaskCompletionSource();
    var stopping = false;
    var closed = new TaskCompletionSource();
    source.Dynamic.All += e =>
    {
        if (e.EventName != "EventCounters"
            || e.PayloadValue(0) is not IDictionary<string, object> outer || outer["Payload"] is not IDictionary<string, object> payload)
        {
            return;
        }

        if (payload["Name"] is not "alloc-rate")
        {
            if (first.Task.IsCompleted)
            {
                lock (increments)
                {
                    switch (payload["Name"])
                    {
                        case "gen-2-gc-count": gen2 += Convert.ToInt64(payload["Increment"], CultureInfo.InvariantCulture); break;
                        case "time-in-gc": maxTimeInGc = Math.Max(maxTimeInGc, Convert.ToDouble(payload["Mean"], CultureInfo.InvariantCulture)); break;
                        case "threadpool-thread-count": maxThreads = Math.Max(maxThreads, Convert.ToDouble(payload["Mean"], CultureInfo.InvariantCulture)); break;
                        case "threadpool-queue-length": maxQueue = Math.Max(maxQueue, Convert.ToDouble(payload["Mean"], CultureInfo.InvariantCulture)); break;
                    }
                }
            }

            return;
        }

        if (!first.Task.IsCompleted)
        {
            first.TrySetResult();
            return;
        }

        lock (increments)
        {
            increments.Add(Convert.ToInt64(payload["Increment"], CultureInfo.InvariantCulture));
            if (stopping)
            {
                closed.TrySetResult();
            }
        }
    };
    var processing = Task.Run(source.Process);
    await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
    await File.WriteAllTextAsync(readyFile, "ready");
    while (!File.Exists(stopFile))
    {
        await Task.Delay(50);
    }

    lock (increments)
    {
        stopping = true;
    }

    await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    await session.StopAsync(CancellationToken.None);
    await processing;
    long[] readings;
    lock (increments)
    {
        readings = [.. increments];
    }

    Console.WriteLine(JsonSerializer.Serialize(new { allocatedBytes = readings.Sum(), readings, gen2, maxTimeInGc, maxThreads, maxQueue }));
    return 0;
}

/// <summary>
/// alvys-bench large-objects PID SECONDS: the runtime's allocation-tick events (one per ~100 KB allocated) of a
/// process for SECONDS, summed by type and by heap (small or large-object): which types reach the large-object
/// heap, whose allocations start gen-2 collections.
/// </summary>
static async Task<int> LargeObjects(int pid, double seconds)
{
    var client = new Microsoft.Diagnostics.NETCore.Client.DiagnosticsClient(pid);
    var gc = new Microsoft.Diagnostics.NETCore.Client.EventPipeProvider(
        "Microsoft-Windows-DotNETRuntime", System.Diagnostics.Tracing.EventLevel.Verbose, 0x1);
    using var session = client.StartEventPipeSession([gc], requestRundown: false);
    using var source = new Microsoft.Diagnostics.Tracing.EventPipeEventSource(session.EventStream);
    var ticks = new Dictionary<(string Type, bool Large), (long Count, long Bytes)>();
    var gen2 = 0;
    source.Clr.GCAllocationTick += e =>
    {
        var key = (e.TypeName, e.AllocationKind == Microsoft.Diagnostics.Tracing.Parsers.Clr.GCAllocationKind.Large);
        var (count, bytes) = ticks.GetValueOrDefault(key);
        ticks[key] = (count + 1, bytes + e.AllocationAmount64);
    };
    source.Clr.GCStart += e => gen2 += e.Depth == 2 ? 1 : 0;
    var processing = Task.Run(source.Process);
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    await session.StopAsync(CancellationToken.None);
    await processing;
    Console.WriteLine($"gen-2 collections: {gen2}");
    Console.WriteLine("| heap | type | allocation ticks | bytes in ticks |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var ((type, large), (count, bytes)) in ticks.OrderByDescending(t => t.Value.Bytes).Take(25))
    {
        Console.WriteLine($"| {(large ? "large" : "small")} | {type} | {count} | {bytes:N0} |");
    }

    return 0;
}

/// <summary>The bundled server counts the requests it handled (tools/cosmos-local: GET /_local/stats).</summary>
static async Task<long> LocalRequests(string endpoint)
{
    using var http = new HttpClient();
    var json = await http.GetStringAsync(new Uri(new Uri(endpoint), "/_local/stats"));
    return JsonDocument.Parse(json).RootElement.GetProperty("requests").GetInt64();
}

/// <summary>
/// alvys-bench allocation-sites PID SECONDS: where a process allocates. The runtime's allocation-tick events (one
/// per ~100 KB allocated) of SECONDS, each with its managed call stack (EventPipe, method names from the session's
/// rundown), summed by allocation site — the innermost frame outside the runtime's own collections, strings and
/// async machinery — and by the first frame in each of the service's and its libraries' namespaces. Shares of the
/// bytes in ticks; multiplied by KB per request (bench/run reports it) they are KB per request per site.
/// </summary>
static async Task<int> AllocationSites(int pid, double seconds)
{
    var file = Path.Combine(Path.GetTempPath(), $"alvys-allocations-{pid}-{Environment.ProcessId}.nettrace");
    var client = new Microsoft.Diagnostics.NETCore.Client.DiagnosticsClient(pid);
    // GC (0x1) at Verbose: allocation ticks; Loader (0x8) and JIT (0x10): names of methods compiled during the window.
    var runtime = new Microsoft.Diagnostics.NETCore.Client.EventPipeProvider(
        "Microsoft-Windows-DotNETRuntime", System.Diagnostics.Tracing.EventLevel.Verbose, 0x1 | 0x8 | 0x10);
    using (var session = client.StartEventPipeSession([runtime], requestRundown: true))
    {
        await using var output = File.Create(file);
        var copying = session.EventStream.CopyToAsync(output);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        await session.StopAsync(CancellationToken.None);
        await copying;
    }

    var etlx = Microsoft.Diagnostics.Tracing.Etlx.TraceLog.CreateFromEventPipeDataFile(file);
    try
    {
        using var log = new Microsoft.Diagnostics.Tracing.Etlx.TraceLog(etlx);
        var sites = new Dictionary<string, long>();
        var stages = new Dictionary<string, long>();
        var innermost = new Dictionary<string, long>();
        var stacksOfSite = new Dictionary<string, Dictionary<string, long>>();
        var types = new Dictionary<string, long>();
        long total = 0;
        foreach (var tick in log.Events.ByEventType<Microsoft.Diagnostics.Tracing.Parsers.Clr.GCAllocationTickTraceData>())
        {
            if (tick.ProcessID != pid)
            {
                continue;
            }

            var bytes = tick.AllocationAmount64;
            total += bytes;
            types[tick.TypeName] = types.GetValueOrDefault(tick.TypeName) + bytes;
            var frames = new List<string>();
            for (var frame = Microsoft.Diagnostics.Tracing.Etlx.TraceLogExtensions.CallStack(tick); frame is not null && frames.Count < 60; frame = frame.Caller)
            {
                frames.Add(frame.CodeAddress.FullMethodName is { Length: > 0 } name ? name : $"?{frame.CodeAddress.ModuleName}");
            }

            var site = frames.FirstOrDefault(f => !IsPlumbing(f)) ?? frames.FirstOrDefault() ?? "(no stack)";
            var key = $"{tick.TypeName} ← {Shorten(site)}";
            sites[key] = sites.GetValueOrDefault(key) + bytes;
            var stacks = stacksOfSite.TryGetValue(key, out var known) ? known : stacksOfSite[key] = [];
            var stack = string.Join(" ← ", frames.Take(16).Select(Shorten));
            stacks[stack] = stacks.GetValueOrDefault(stack) + bytes;
            var stagesOfTick = frames.Select(StageOf).Where(s => s is not null).ToList();
            foreach (var stage in stagesOfTick.Distinct())
            {
                stages[stage!] = stages.GetValueOrDefault(stage!) + bytes;
            }

            var own = stagesOfTick.FirstOrDefault() ?? "(none of these stages)";
            innermost[own] = innermost.GetValueOrDefault(own) + bytes;
        }

        Console.WriteLine($"{total:N0} bytes in allocation ticks");
        Console.WriteLine();
        Console.WriteLine("| stage | share of bytes (any frame of the stack in it) | share of bytes (innermost stage of the stack) |");
        Console.WriteLine("|---|---|---|");
        foreach (var (stage, bytes) in stages.OrderByDescending(s => s.Value))
        {
            Console.WriteLine($"| {stage} | {100.0 * bytes / total:F1}% | {100.0 * innermost.GetValueOrDefault(stage) / total:F1}% |");
        }

        Console.WriteLine($"| (none of these stages) | – | {100.0 * innermost.GetValueOrDefault("(none of these stages)") / total:F1}% |");

        Console.WriteLine();
        Console.WriteLine("| type ← allocation site | share of bytes |");
        Console.WriteLine("|---|---|");
        foreach (var (site, bytes) in sites.OrderByDescending(s => s.Value).Take(60))
        {
            Console.WriteLine($"| {site.Replace("|", "\\|", StringComparison.Ordinal)} | {100.0 * bytes / total:F1}% |");
        }

        Console.WriteLine();
        Console.WriteLine("The most frequent stack (innermost 16 frames) of each of the five largest sites:");
        foreach (var (site, _) in sites.OrderByDescending(s => s.Value).Take(5))
        {
            Console.WriteLine();
            Console.WriteLine($"- {site}: {stacksOfSite[site].MaxBy(s => s.Value).Key}");
        }
    }
    finally
    {
        File.Delete(file);
        File.Delete(etlx);
    }

    return 0;

    // Frames of the runtime's own collections, strings, async machinery and helpers: an allocation is charged to the
    // first frame outside them.
    static bool IsPlumbing(string frame) =>
        frame.StartsWith('?') || Array.Exists(
            ["System.String", "System.Collections.", "System.Runtime.CompilerServices.", "System.Threading.", "System.Linq.", "System.Number",
             "System.Text.StringBuilder", "System.Buffers.", "System.Span", "System.Array", "System.Enum", "System.Guid", "System.Object", "System.GC"],
            prefix => frame.StartsWith(prefix, StringComparison.Ordinal));

    static string Shorten(string frame)
    {
        var open = frame.IndexOf('(', StringComparison.Ordinal);
        return open > 0 ? frame[..open] : frame;
    }

    // A frame's stage: the first prefix it starts with, from the more specific to the more general.
    static string? StageOf(string frame) => Array.Find(AllocationStages.Prefixes, stage => frame.StartsWith(stage.Prefix, StringComparison.Ordinal)).Stage;

}

/// <summary>Pipeline stages by namespace prefix, for <c>allocation-sites</c>.</summary>
internal static class AllocationStages
{
    public static readonly (string Prefix, string Stage)[] Prefixes =
    [
        ("Alvys.Customers.Api.Controllers", "our controller"),
        ("Alvys.Customers.Api", "our API code"),
        ("Alvys.Customers.Application", "our application code"),
        ("Alvys.Customers.Infrastructure", "our repository"),
        ("Mediator", "Mediator"),
        ("FluentValidation", "FluentValidation"),
        ("Microsoft.Azure.Cosmos", "Cosmos SDK"),
        ("Microsoft.Azure.Documents", "Cosmos SDK"),
        ("OpenTelemetry", "OpenTelemetry / Activity / Metrics"),
        ("System.Diagnostics.Activity", "OpenTelemetry / Activity / Metrics"),
        ("System.Diagnostics.Metrics", "OpenTelemetry / Activity / Metrics"),
        ("Microsoft.AspNetCore.Authentication", "authentication"),
        ("Microsoft.IdentityModel", "authentication"),
        ("System.Security.Claims", "authentication"),
        ("Microsoft.AspNetCore.Authorization", "authorization"),
        ("Microsoft.AspNetCore.RateLimiting", "rate limiting"),
        ("System.Threading.RateLimiting", "rate limiting"),
        ("Microsoft.AspNetCore.Mvc", "MVC"),
        ("Microsoft.AspNetCore.Routing", "routing"),
        ("Microsoft.AspNetCore.Server.Kestrel", "Kestrel"),
        ("Microsoft.AspNetCore.Hosting", "hosting"),
        ("Microsoft.Extensions.Logging", "logging"),
        ("System.Text.Json", "System.Text.Json"),
        ("System.Net.Http", "HttpClient"),
    ];
}
