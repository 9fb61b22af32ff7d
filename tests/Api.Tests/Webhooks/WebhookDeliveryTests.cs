using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Alvys.Customers.Api.Tests.Infrastructure;
using Alvys.Customers.Domain.Customers;
using Microsoft.Extensions.DependencyInjection;
using static Alvys.Customers.Api.Tests.Infrastructure.HttpHelpers;
using static Alvys.Customers.Api.Tests.Webhooks.WebhooksApi;

namespace Alvys.Customers.Api.Tests.Webhooks;

/// <summary>
/// Deliveries end to end: customers written over HTTP, the change feed processor on the local server, the dispatcher,
/// and a real receiver on loopback that checks every signature with its own HMAC code.
/// </summary>
[Collection(Collection)]
public sealed class WebhookDeliveryTests(WebhooksApi webhooks)
{
    private static readonly string[] AllEvents = ["customer.created", "customer.updated", "customer.deleted", "customer.restored"];

    private readonly string _tenant = ApiFactory.NewTenant();

    private HttpClient Writer(string? tenant = null) =>
        webhooks.Api.ClientFor(tenant ?? _tenant, "customer:read", "customer:create", "customer:update", "customer:delete");

    [Fact]
    public async Task EveryWrite_IsOneSignedEvent_InSequenceOrder_DeleteThenRestoreIsTwo()
    {
        var (url, secret) = await ActiveWebhookAsync(_tenant, AllEvents, includePreviousAttributes: true);
        var client = Writer();
        var (id, etag) = await client.CreateAsync(new { Name = "Pushed Co", Type = "Customer", Fax = "555-0100" });
        var patched = await client.PatchAsync(id, new { Name = "Pushed Company" }, etag);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        // Delete and restore at once: the change feed may fold them into one version, the partner still sees both.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(id, patched.Headers.ETag!.Tag)).StatusCode);
        var restored = await client.PatchAsync(id, new { Status = "Active" }, (await client.GetAsync($"/api/p/v1/customers/{id}")).Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var current = await (await client.GetAsync($"/api/p/v1/customers/{id}")).ReadJsonAsync();

        var events = await EventsOfAsync(url, id, 4);
        Assert.Equal(["customer.created", "customer.updated", "customer.deleted", "customer.restored"], events.Select(e => e.Body.GetProperty("type").GetString()));
        for (var i = 0; i < events.Length; i++)
        {
            var (request, body) = events[i];
            Assert.True(SignatureHolds(request, secret), request.Headers["X-Alvys-Signature"]);
            Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
            Assert.Equal("Alvys-Webhook/1.0", request.Headers["User-Agent"]);
            Assert.Equal(body.GetProperty("type").GetString(), request.Headers["X-Alvys-Event"]);
            Assert.Equal($"{id}.{i + 1}", request.Headers["X-Alvys-Event-Id"]);
            Assert.Equal($"{id}.{i + 1}", body.GetProperty("id").GetString());
            Assert.Equal("1", request.Headers["X-Alvys-Attempt"]);
            Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", request.Headers["traceparent"]);
            Assert.Equal(i + 1, body.GetProperty("sequence").GetInt64());
            Assert.Equal("v1", body.GetProperty("version").GetString());
            Assert.True(DateTimeOffset.TryParse(body.GetProperty("timestamp").GetString(), CultureInfo.InvariantCulture, out _));
            Assert.Equal(i > 0, body.TryGetProperty("diff", out _));
        }

        // data is the customer as GET answers it when the event is sent: by the last one, its final state.
        Assert.True(JsonElement.DeepEquals(current, events[^1].Body.GetProperty("data")), events[^1].Body.GetProperty("data").ToString());
        Assert.Equal("Pushed Co", events[1].Body.GetProperty("diff").GetProperty("previousAttributes").GetProperty("Name").GetString());
        Assert.Equal("Active", events[2].Body.GetProperty("diff").GetProperty("previousAttributes").GetProperty("Status").GetString());
        Assert.Equal("Inactive", events[3].Body.GetProperty("diff").GetProperty("previousAttributes").GetProperty("Status").GetString());
    }

    [Fact]
    public async Task EachAttempt_IsASpanOfItsOwn_LinkedToTheWritesTrace_AndItsTraceparentIsSent()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == Alvys.Customers.Application.Webhooks.WebhookDeliverer.ActivitySourceName,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var (url, _) = await ActiveWebhookAsync(_tenant, ["customer.created"], includePreviousAttributes: false);
        var writeTrace = System.Diagnostics.ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/p/v1/customers") { Content = JsonBody(new { Name = Unique("Traced Co"), Type = "Customer" }) };
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{writeTrace.ToHexString()}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        var created = await Writer().SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("Id").GetString()!;

        var sent = (await EventsOfAsync(url, id, 1))[0].Request.Headers["traceparent"];
        var until = DateTime.UtcNow.AddSeconds(5);
        System.Diagnostics.Activity? span;
        while ((span = spans.FirstOrDefault(s => s.Links.Any(l => l.Context.TraceId == writeTrace))) is null && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        Assert.NotNull(span);
        // Its own trace, not the write's (the write answered long before); the link leads back to it.
        Assert.NotEqual(writeTrace, span.TraceId);
        // The attempt's trace reaches the receiver (HttpClient sends its own request span of it as the parent).
        Assert.Equal(span.TraceId.ToHexString(), sent.Split('-')[1]);
        Assert.Equal($"{id}.1", span.GetTagItem("alvys.webhook.event_id"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(System.Diagnostics.ActivityStatusCode.Ok, span.Status);
    }

    [Fact]
    public async Task OnlySubscribedTypes_ToThisTenantsWebhooks_WithoutDiffUnlessAskedFor()
    {
        var (created, _) = await ActiveWebhookAsync(_tenant, ["customer.created"], includePreviousAttributes: false);
        var (updated, _) = await ActiveWebhookAsync(_tenant, ["customer.updated"], includePreviousAttributes: false);
        var other = ApiFactory.NewTenant();
        var (elsewhere, _) = await ActiveWebhookAsync(other, AllEvents, includePreviousAttributes: true);
        var client = Writer();
        var (id, etag) = await client.CreateAsync(new { Name = "Typed Co", Type = "Customer" });
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(id, new { Fax = "555-0101" }, etag)).StatusCode);

        var onCreated = await EventsOfAsync(created, id, 1);
        var onUpdated = await EventsOfAsync(updated, id, 1);
        Assert.Equal("customer.updated", onUpdated[0].Body.GetProperty("type").GetString());
        Assert.False(onUpdated[0].Body.TryGetProperty("diff", out _));
        Assert.Equal(1, onCreated[0].Body.GetProperty("sequence").GetInt64());

        // A write of the other tenant reaches its own webhook; by then this tenant's events would have been there too.
        var (otherId, _) = await Writer(other).CreateAsync(new { Name = "Other Tenant Co", Type = "Customer" });
        await EventsOfAsync(elsewhere, otherId, 1);
        Assert.DoesNotContain(webhooks.Receiver.ReceivedBy(elsewhere), r => r.Body.Contains(id, StringComparison.Ordinal));
        Assert.Single(webhooks.Receiver.ReceivedBy(created), r => r.Headers.ContainsKey("X-Alvys-Event-Id"));
    }

    [Fact]
    public async Task FailedAttempts_AreRetriedWithTheSameEventId_LaterEventsWaitBehind_AndA4xxFailsAtOnce()
    {
        var (url, _) = await ActiveWebhookAsync(_tenant, AllEvents, includePreviousAttributes: false);
        var failures = 0;
        // The first event fails twice (500, then 429 with Retry-After: 1) and is then taken; the second answers 410 once.
        webhooks.Receiver.AnswerEvents(url, request =>
        {
            var eventId = request.Headers["X-Alvys-Event-Id"];
            if (eventId.EndsWith(".1", StringComparison.Ordinal))
            {
                return Interlocked.Increment(ref failures) switch { 1 => (500, null), 2 => (429, "1"), _ => (200, null) };
            }

            return eventId.EndsWith(".2", StringComparison.Ordinal) ? (410, null) : (200, null);
        });
        var client = Writer();
        var (id, etag) = await client.CreateAsync(new { Name = "Retried Co", Type = "Customer" });
        var patched = await client.PatchAsync(id, new { Fax = "555-0102" }, etag);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(id, new { Fax = "555-0103" }, patched.Headers.ETag!.Tag)).StatusCode);

        await EventsOfAsync(url, id, 3);
        var received = webhooks.Receiver.ReceivedBy(url).Where(r => r.Headers.ContainsKey("X-Alvys-Event-Id")).ToArray();
        Assert.Equal(
            [$"{id}.1/1", $"{id}.1/2", $"{id}.1/3", $"{id}.2/1", $"{id}.3/1"],
            received.Select(r => $"{r.Headers["X-Alvys-Event-Id"]}/{r.Headers["X-Alvys-Attempt"]}"));
        Assert.True(received[2].At - received[1].At >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not honoured.");
        // The body is the same on every attempt: only the customer's state at sending may differ, never the event.
        Assert.Equal(JsonDocument.Parse(received[0].Body).RootElement.GetProperty("id").GetString(), JsonDocument.Parse(received[2].Body).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task TenEventsInARowThatFailEveryAttempt_DisableTheWebhook()
    {
        var manager = webhooks.Manager(_tenant);
        var (url, _) = await ActiveWebhookAsync(_tenant, ["customer.created"], includePreviousAttributes: false);
        webhooks.Receiver.AnswerEvents(url, _ => (400, null));
        var client = Writer();
        for (var i = 0; i < 10; i++)
        {
            await client.CreateAsync(new { Name = $"Refused Co {i}", Type = "Customer" });
        }

        var listed = await (await manager.GetAsync(WebhooksPath)).ReadJsonAsync();
        var webhookId = listed.GetProperty("Items").EnumerateArray().Single(w => w.GetProperty("Url").GetString() == url).GetProperty("Id").GetString();
        var until = DateTime.UtcNow.AddSeconds(30);
        JsonElement webhook;
        do
        {
            await Task.Delay(200);
            webhook = await (await manager.GetAsync($"{WebhooksPath}/{webhookId}")).ReadJsonAsync();
        }
        while (webhook.GetProperty("Status").GetString() != "Disabled" && DateTime.UtcNow < until);

        Assert.Equal("Disabled", webhook.GetProperty("Status").GetString());
        Assert.Equal("ConsecutiveFailures", webhook.GetProperty("StatusReason").GetString());
        Assert.Equal(10, webhooks.Receiver.ReceivedBy(url).Count(r => r.Headers.ContainsKey("X-Alvys-Event-Id")));
    }

    [Fact]
    public async Task AHangingAndAFailingEndpoint_DoNotDelayAHealthyWebhook()
    {
        var (hanging, _) = await ActiveWebhookAsync(_tenant, ["customer.created"], includePreviousAttributes: false);
        var (failing, _) = await ActiveWebhookAsync(_tenant, ["customer.created"], includePreviousAttributes: false);
        var (healthy, _) = await ActiveWebhookAsync(_tenant, ["customer.created"], includePreviousAttributes: false);
        webhooks.Receiver.Set(hanging, EndpointBehaviour.Hang);
        webhooks.Receiver.AnswerEvents(failing, _ => (503, null));
        var client = Writer();
        var written = new List<(string Id, DateTimeOffset At)>();
        for (var i = 0; i < 12; i++)
        {
            var (id, _) = await client.CreateAsync(new { Name = $"Isolated Co {i}", Type = "Customer" });
            written.Add((id, DateTimeOffset.UtcNow));
        }

        var latencies = new List<TimeSpan>();
        foreach (var (id, at) in written)
        {
            var delivered = await EventsOfAsync(healthy, id, 1);
            latencies.Add(delivered[0].Request.At - at);
        }

        // The hanging endpoint holds each of its senders for the whole 2 s timeout; the healthy one is not behind it.
        Assert.True(latencies.Max() < TimeSpan.FromSeconds(4), string.Join(", ", latencies.Select(l => l.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture))));
        Assert.Contains(webhooks.Receiver.ReceivedBy(hanging), r => r.Headers.ContainsKey("X-Alvys-Event-Id"));
    }

    [Fact]
    public async Task RacingWriters_EveryRevisionOfEveryCustomer_ArrivesInSequenceOrder_TheLastWithTheFinalETag()
    {
        var (url, secret) = await ActiveWebhookAsync(_tenant, AllEvents, includePreviousAttributes: true);
        var client = Writer();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await client.CreateAsync(new { Name = $"Raced Co {i}", Type = "Customer", Fax = "555-0000" })).Id);
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var own = Writer();
            for (var round = 0; round < 3; round++)
            {
                foreach (var id in ids)
                {
                    // Each changes the Fax, so each is a revision; a writer that lost the race reads again and retries.
                    await RetriedAsync(own, id, etag => own.PatchAsync(id, new { Fax = $"555-{writer}{round}{ids.IndexOf(id)}9" }, etag), HttpStatusCode.OK);
                    // Two writers soft-delete and restore each customer in the middle round, and soft-delete it in the last.
                    if (round == 1 && writer % 4 == 0)
                    {
                        await RetriedAsync(own, id, etag => own.DeleteAsync(id, etag), HttpStatusCode.NoContent);
                        await RetriedAsync(own, id, etag => own.PatchAsync(id, new { Status = "Active" }, etag), HttpStatusCode.OK);
                    }

                    if (round == 2 && writer % 4 == 0)
                    {
                        await RetriedAsync(own, id, etag => own.DeleteAsync(id, etag), HttpStatusCode.NoContent);
                    }
                }
            }
        })));

        foreach (var id in ids)
        {
            var final = await client.GetAsync($"/api/p/v1/customers/{id}");
            var finalETag = final.Headers.ETag!.Tag;
            var finalBody = await final.ReadJsonAsync();
            var revisions = await RevisionsOfAsync(id);
            var events = await EventsOfAsync(url, id, revisions);
            Assert.All(events, e => Assert.True(SignatureHolds(e.Request, secret)));
            Assert.Equal(Enumerable.Range(1, revisions).Select(r => (long)r), events.Select(e => e.Body.GetProperty("sequence").GetInt64()));
            Assert.Equal(finalETag, events[^1].Body.GetProperty("data").GetProperty("ETag").GetString());
            var types = events.Select(e => e.Body.GetProperty("type").GetString()).ToArray();
            Assert.Contains("customer.deleted", types);
            Assert.Contains("customer.restored", types);

            // previousAttributes replayed backwards from the final state rebuild every earlier state's Fax and Status.
            var state = new Dictionary<string, string?> { ["Fax"] = finalBody.GetProperty("Fax").GetString(), ["Status"] = finalBody.GetProperty("Status").GetString() };
            for (var i = events.Length - 1; i > 0; i--)
            {
                var data = events[i].Body.GetProperty("data");
                foreach (var previous in events[i].Body.GetProperty("diff").GetProperty("previousAttributes").EnumerateObject())
                {
                    state[previous.Name] = previous.Value.GetString();
                }

                Assert.NotNull(data.GetProperty("Id").GetString());
            }

            Assert.Equal("555-0000", state["Fax"]);
            Assert.Equal("Active", state["Status"]);
        }
    }

    [Fact]
    public async Task TheDeliveryLog_PagesNewestFirst_AndARedeliverySendsTheSameEventAgain()
    {
        var (url, secret) = await ActiveWebhookAsync(_tenant, AllEvents, includePreviousAttributes: false);
        var manager = webhooks.Manager(_tenant);
        var webhookId = (await (await manager.GetAsync(WebhooksPath)).ReadJsonAsync()).GetProperty("Items").EnumerateArray()
            .Single(w => w.GetProperty("Url").GetString() == url).GetProperty("Id").GetString();
        webhooks.Receiver.AnswerEvents(url, request => request.Headers["X-Alvys-Event-Id"].EndsWith(".2", StringComparison.Ordinal) ? (404, null) : (200, null));
        var client = Writer();
        var (id, etag) = await client.CreateAsync(new { Name = "Logged Co", Type = "Customer" });
        var patched = await client.PatchAsync(id, new { Fax = "555-0104" }, etag);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsync(id, new { Fax = "555-0105" }, patched.Headers.ETag!.Tag)).StatusCode);
        await EventsOfAsync(url, id, 3);

        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var answer = await manager.GetAsync($"{WebhooksPath}/{webhookId}/deliveries?pageSize=2" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var page = await answer.ReadJsonAsync();
            pages.AddRange(page.GetProperty("Items").EnumerateArray());
            cursor = page.GetProperty("HasMore").GetBoolean() ? page.GetProperty("Cursor").GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal([$"{id}.3", $"{id}.2", $"{id}.1"], pages.Select(d => d.GetProperty("EventId").GetString()));
        Assert.Equal(["Delivered", "Failed", "Delivered"], pages.Select(d => d.GetProperty("State").GetString()));
        Assert.Equal(["customer.updated", "customer.updated", "customer.created"], pages.Select(d => d.GetProperty("EventType").GetString()));
        var failed = pages[1];
        Assert.Equal(404, failed.GetProperty("Attempts")[0].GetProperty("StatusCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("NextAttemptAt").ValueKind);
        Assert.Equal(id, failed.GetProperty("CustomerId").GetString());

        // The endpoint takes it now: the redelivery carries the same event id, signed, as a delivery of its own.
        webhooks.Receiver.AnswerEvents(url, _ => (200, null));
        var redelivered = await manager.PostAsync($"{WebhooksPath}/{webhookId}/deliveries/{failed.GetProperty("Id").GetString()}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redelivered.StatusCode);
        var delivery = await redelivered.ReadJsonAsync();
        Assert.Equal($"{id}.2", delivery.GetProperty("EventId").GetString());
        Assert.NotEqual(failed.GetProperty("Id").GetString(), delivery.GetProperty("Id").GetString());
        var until = DateTime.UtcNow.AddSeconds(20);
        while (webhooks.Receiver.ReceivedBy(url).Count(r => r.Headers.GetValueOrDefault("X-Alvys-Event-Id") == $"{id}.2") < 2)
        {
            Assert.True(DateTime.UtcNow < until, "The redelivery did not arrive within 20 s.");
            await Task.Delay(100);
        }

        var sentAgain = webhooks.Receiver.ReceivedBy(url).Last(r => r.Headers.GetValueOrDefault("X-Alvys-Event-Id") == $"{id}.2");
        Assert.True(SignatureHolds(sentAgain, secret));
        Assert.Equal(2, JsonDocument.Parse(sentAgain.Body).RootElement.GetProperty("sequence").GetInt64());

        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"{WebhooksPath}/{webhookId}/deliveries?pageSize=101")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"{WebhooksPath}/{webhookId}/deliveries?cursor=garbage")).StatusCode);
        // Another tenant sees neither the log nor the delivery.
        var stranger = webhooks.Manager(ApiFactory.NewTenant());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{WebhooksPath}/{webhookId}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"{WebhooksPath}/{webhookId}/deliveries/{failed.GetProperty("Id").GetString()}/redeliver", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsync($"{WebhooksPath}/{webhookId}/deliveries/{webhookId}/redeliver", null)).StatusCode);
    }

    [Fact]
    public async Task ATestPing_IsASignedWebhookTestEvent_WithEmptyData_LoggedWithoutACustomer()
    {
        var (url, secret) = await ActiveWebhookAsync(_tenant, ["customer.created"], includePreviousAttributes: false);
        var manager = webhooks.Manager(_tenant);
        var webhookId = (await (await manager.GetAsync(WebhooksPath)).ReadJsonAsync()).GetProperty("Items").EnumerateArray()
            .Single(w => w.GetProperty("Url").GetString() == url).GetProperty("Id").GetString();

        var answer = await manager.PostAsync($"{WebhooksPath}/{webhookId}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var accepted = await answer.ReadJsonAsync();
        Assert.Equal(("webhook.test", JsonValueKind.Null, "Pending"), (accepted.GetProperty("EventType").GetString(), accepted.GetProperty("CustomerId").ValueKind, accepted.GetProperty("State").GetString()));

        var until = DateTime.UtcNow.AddSeconds(20);
        ReceivedRequest? ping;
        while ((ping = webhooks.Receiver.ReceivedBy(url).FirstOrDefault(r => r.Headers.GetValueOrDefault("X-Alvys-Event") == "webhook.test")) is null)
        {
            Assert.True(DateTime.UtcNow < until, "The test ping did not arrive within 20 s.");
            await Task.Delay(100);
        }

        Assert.True(SignatureHolds(ping, secret));
        var body = JsonDocument.Parse(ping.Body).RootElement;
        Assert.Equal(["id", "type", "timestamp", "version", "sequence", "data"], body.EnumerateObject().Select(m => m.Name));
        Assert.Equal(accepted.GetProperty("EventId").GetString(), body.GetProperty("id").GetString());
        Assert.Equal(ping.Headers["X-Alvys-Event-Id"], body.GetProperty("id").GetString());
        Assert.Equal("{}", body.GetProperty("data").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await webhooks.Manager(ApiFactory.NewTenant()).PostAsync($"{WebhooksPath}/{webhookId}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await webhooks.Api.ClientFor(_tenant, "webhook:read").PostAsync($"{WebhooksPath}/{webhookId}/test", null)).StatusCode);
    }

    [Fact]
    public async Task Deliveries_AreMeasured_AttemptsByOutcome_AndTheLatencyFromTheWrite()
    {
        var measured = new System.Collections.Concurrent.ConcurrentQueue<(string Instrument, double Value, string Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name.StartsWith("alvys.webhooks.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measured.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measured.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        var (url, _) = await ActiveWebhookAsync(_tenant, ["customer.created"], includePreviousAttributes: false);
        var answered = 0;
        webhooks.Receiver.AnswerEvents(url, _ => Interlocked.Increment(ref answered) == 1 ? (503, null) : (200, null));
        var written = DateTimeOffset.UtcNow;
        var (id, _) = await Writer().CreateAsync(new { Name = "Measured Co", Type = "Customer" });
        await EventsOfAsync(url, id, 1);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!measured.Any(m => m.Instrument == "alvys.webhooks.delivery_latency"))
        {
            Assert.True(DateTime.UtcNow < until, "No delivery latency was measured within 20 s.");
            await Task.Delay(100);
        }

        Assert.Contains(measured, m => m is { Instrument: "alvys.webhooks.attempts", Tags: "outcome=retried,status_class=5xx" });
        Assert.Contains(measured, m => m is { Instrument: "alvys.webhooks.attempts", Tags: "outcome=delivered,status_class=2xx" });
        Assert.Contains(measured, m => m is { Instrument: "alvys.webhooks.deliveries", Tags: "state=Delivered,test=False" });
        // The retry waited its delay (1 s here): the latency counts from the write, not from the last attempt.
        var latency = measured.Where(m => m.Instrument == "alvys.webhooks.delivery_latency").Max(m => m.Value);
        Assert.InRange(latency, 0.9, (DateTimeOffset.UtcNow - written).TotalSeconds);
    }

    [Fact]
    public async Task TheChangeFeedsLag_IsEstimatedPerLease()
    {
        var measured = new System.Collections.Concurrent.ConcurrentQueue<(long Value, string Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == Alvys.Customers.Infrastructure.Webhooks.CustomerChangeFeed.LagInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => measured.Enqueue((value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        // The estimator reads the lease the processor keeps: one lease here (one partition-key range), so one estimate.
        var until = DateTime.UtcNow.AddSeconds(20);
        while (measured.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < until, "No change feed lag was estimated within 20 s.");
            listener.RecordObservableInstruments();
            await Task.Delay(100);
        }

        var (value, tags) = measured.First();
        Assert.StartsWith("lease=", tags, StringComparison.Ordinal);
        Assert.True(value >= 0, $"lag {value}");
    }

    /// <summary>A conditional write on the ETag just read, read and sent again while another writer gets there first (412).</summary>
    private static async Task RetriedAsync(HttpClient client, string id, Func<string, Task<HttpResponseMessage>> write, HttpStatusCode expected)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var etag = (await client.GetAsync($"/api/p/v1/customers/{id}")).Headers.ETag!.Tag;
            var answer = await write(etag);
            if (answer.StatusCode != HttpStatusCode.PreconditionFailed)
            {
                Assert.Equal(expected, answer.StatusCode);
                return;
            }
        }

        Assert.Fail($"50 writes of {id} in a row lost the race.");
    }

    /// <summary>The customer's revision count, as its recorded events in the store say: created is 1, every changing write +1.</summary>
    private async Task<int> RevisionsOfAsync(string id)
    {
        Assert.True(CustomerId.TryParse(id, out var customerId));
        var stored = await webhooks.Api.Services.GetRequiredService<ICustomerRepository>().FindByIdAsync(TenantId.From(_tenant), customerId, CancellationToken.None);
        Assert.NotNull(stored);
        return (int)stored.Customer.Revision;
    }

    /// <summary>A webhook verified and Active, on an endpoint of its own; answers its url and secret.</summary>
    private async Task<(string Url, string Secret)> ActiveWebhookAsync(string tenant, string[] events, bool includePreviousAttributes)
    {
        var manager = webhooks.Manager(tenant);
        var url = webhooks.Receiver.NewEndpoint();
        var created = await CreateAsync(manager, new { Name = "Receiver", Url = url, Events = events, IncludePreviousAttributes = includePreviousAttributes });
        var (settled, _) = await SettledAsync(manager, created.GetProperty("Id").GetString()!);
        Assert.Equal("Active", settled.GetProperty("Status").GetString());
        return (url, created.GetProperty("Secret").GetString()!);
    }

    /// <summary>The first <paramref name="count"/> distinct events of the customer the endpoint took with a 2xx, in arrival order, within 20 s.</summary>
    private async Task<(ReceivedRequest Request, JsonElement Body)[]> EventsOfAsync(string url, string customerId, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var events = webhooks.Receiver.ReceivedBy(url)
                .Where(r => r.Headers.TryGetValue("X-Alvys-Event-Id", out var eventId) && eventId.StartsWith(customerId + ".", StringComparison.Ordinal))
                .Select(r => (Request: r, Body: JsonDocument.Parse(r.Body).RootElement.Clone()))
                // Duplicates are allowed (at least once); a partner keeps the first of each event id.
                .Where(e => seen.Add(e.Request.Headers["X-Alvys-Event-Id"]))
                .ToArray();
            if (events.Length >= count)
            {
                return events;
            }

            Assert.True(DateTime.UtcNow < until, $"{events.Length} of {count} events of {customerId} reached {url} in 20 s.");
            await Task.Delay(100);
        }
    }

    /// <summary>The receiver's own check: HMAC-SHA256 over "{t}.{event id}.{raw body}" keyed with the secret's UTF-8 bytes.</summary>
    private static bool SignatureHolds(ReceivedRequest request, string secret)
    {
        var parts = request.Headers["X-Alvys-Signature"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (parts["t"] != request.Headers["X-Alvys-Timestamp"])
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{request.Headers["X-Alvys-Event-Id"]}.{request.Body}"));
        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(parts["v1"]), expected)
            && parts["v1"] == Convert.ToHexStringLower(expected);
    }
}
