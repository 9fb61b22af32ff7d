using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Alvys.Customers.Domain.Webhooks;
using Alvys.Customers.Infrastructure.Cosmos;
using Alvys.Customers.Infrastructure.Customers;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>
/// The SDK's change feed processor over the customers container: this replica's share of the leases, each batch handed
/// to <see cref="ICustomerChangeHandler"/>. The processor checkpoints a batch only when the handler returns, and the
/// handler returns only once the batch's deliveries are stored: a replica that dies mid-batch leaves the batch to be read
/// again by whoever takes its lease over (within <c>Webhooks:LeaseExpiration</c>, 10 s).
/// </summary>
internal sealed partial class CustomerChangeFeed(
    CustomerContainer customers, WebhookContainer webhooks, ICustomerChangeHandler handler, IOptions<WebhookOptions> options, ILogger<CustomerChangeFeed> logger)
    : IHostedService, IDisposable
{
    public const string ProcessorName = "webhook-deliveries";

    /// <summary>The gauge of changes not yet handed to the dispatcher, per lease, on the Cosmos meter.</summary>
    public const string LagInstrument = "alvys.webhooks.change_feed_lag";

    private readonly Meter _meter = new(CosmosRequestCounter.MeterName);
    private readonly ConcurrentDictionary<string, long> _lag = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ChangeFeedProcessor? _processor;
    private Task _estimating = Task.CompletedTask;
    private Task _starting = Task.CompletedTask;
    private readonly Lock _gate = new();
    private bool _started;

    // 0: the host's start waits for the first attempt; 1: it gave up waiting (every failure is retried from then on);
    // 2: the first attempt failed for a reason other than the store being away, and the host's start fails with it.
    private int _phase;

    /// <summary>How often a processor that could not start (the store away at start-up) tries again.</summary>
    internal static readonly TimeSpan RetryStartEvery = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the host's start waits for the processor: its start takes well under a second when the store answers, and
    /// over a minute of the SDK's own metadata retries when the store is silent.
    /// </summary>
    internal static readonly TimeSpan StartWaitsAtMost = TimeSpan.FromSeconds(10);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        _processor = customers.Container
            .GetChangeFeedProcessorBuilder(ProcessorName, (ChangeFeedProcessorContext context, Stream changes, CancellationToken token) => HandleAsync(changes, token))
            .WithInstanceName($"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}")
            .WithLeaseContainer(webhooks.Leases)
            .WithPollInterval(options.Value.PollInterval)
            // A dead replica's lease is free after LeaseExpiration; a free lease is looked for five times as often.
            .WithLeaseConfiguration(
                acquireInterval: options.Value.LeaseExpiration / 5, expirationInterval: options.Value.LeaseExpiration, renewInterval: options.Value.LeaseExpiration / 3)
            .WithErrorNotification((lease, failure) =>
            {
                LogBatchFailed(logger, lease, failure);
                return Task.CompletedTask;
            })
            .Build();
        // The store away at start-up (a deployment during an outage, a network not up yet) must not keep the API from
        // starting: it waits for the processor a short while only, and then starts all the same — 503 and not ready until
        // the store is back, as in any outage — while the processor goes on trying; the change feed keeps every write
        // meanwhile. A failure that is not the store being away (a missing leases container, a wrong key) still fails
        // the start when it comes within that while.
        _starting = StartUntilItRunsAsync(_processor, _stopping.Token);
        if (await Task.WhenAny(_starting, Task.Delay(StartWaitsAtMost, cancellationToken)) == _starting)
        {
            await _starting;
            return;
        }

        // From here on no failure of the start can fail the host: each one is logged and tried again. One step decides,
        // so that a failure at the very moment the wait ends is either thrown here or retried there, never lost.
        if (Interlocked.CompareExchange(ref _phase, 1, 0) == 2)
        {
            await _starting;
        }

        LogStillStarting(logger, StartWaitsAtMost.TotalSeconds);
    }

    private async Task StartProcessorAsync(ChangeFeedProcessor processor)
    {
        try
        {
            await processor.StartAsync();
        }
        catch (CosmosException conflict) when (conflict.StatusCode == HttpStatusCode.Conflict)
        {
            // Replicas starting together on a new leases container: the SDK's bootstrapper checks "initialized", then
            // takes the initialization lock, and can take it after another replica has marked the store initialized
            // and released it — its own mark then conflicts. The store is initialized; a second start finds it so
            // (the processor keeps what it built and only runs the bootstrap and lease start again).
            LogStartRaced(logger);
            await processor.StartAsync();
        }

        // A start that ended after the host stopped (it was retrying against a silent store) stops what it started.
        bool stopNow;
        lock (_gate)
        {
            // StopAsync cancels _stopping before it takes the lock: whichever side takes it second sees the other's step.
            stopNow = _stopping.IsCancellationRequested;
            if (!stopNow)
            {
                _started = true;
                // The SDK's estimator reads each lease's continuation and the feed's latest position: one read per
                // lease per interval, which is why it is not the poll interval.
                _estimating = EstimateAsync(customers.Container.GetChangeFeedEstimator(ProcessorName, webhooks.Leases), _stopping.Token);
            }
        }

        if (stopNow)
        {
            await processor.StopAsync();
            return;
        }

        _meter.CreateObservableGauge(
            LagInstrument, () => _lag.Select(l => new Measurement<long>(l.Value, new KeyValuePair<string, object?>("lease", l.Key))),
            unit: "{change}", description: "Estimated customer changes not yet handed to the webhook dispatcher, per change feed lease");
    }

    private async Task StartUntilItRunsAsync(ChangeFeedProcessor processor, CancellationToken stopping)
    {
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                await StartProcessorAsync(processor);
                if (attempt > 1)
                {
                    LogStartedLate(logger, attempt);
                }

                return;
            }
            catch (Exception failure) when (IsStoreAway(failure) || Interlocked.CompareExchange(ref _phase, 2, 0) != 0)
            {
                // This replica cannot deliver without its processor: keep trying, and say so each time.
                LogStartDeferred(logger, RetryStartEvery.TotalSeconds, failure);
            }

            await Task.Delay(RetryStartEvery, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>"Not now" from the store: unreachable, throttled past retries, timing out.</summary>
    private static bool IsStoreAway(Exception failure) =>
        CosmosCall.IsUnavailable(failure) || failure is OperationCanceledException or TimeoutException || (failure.InnerException is { } inner && IsStoreAway(inner));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_processor is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        // A start still trying against a silent store is not waited for (the SDK's start takes no token and can run
        // for over a minute): it stops the processor itself if it ends after this. One that never started has nothing
        // to stop (and the SDK's would throw).
        bool started;
        Task estimating;
        lock (_gate)
        {
            started = _started;
            estimating = _estimating;
        }

        await estimating;
        if (started)
        {
            await _processor.StopAsync();
        }
    }

    // The token source is not disposed: a host disposed before it stops (a test's) would still stop through it.
    public void Dispose()
    {
        // A host disposed without stopping (a test's) must not leave the start retrying.
        _stopping.Cancel();
        _meter.Dispose();
    }

    private async Task EstimateAsync(ChangeFeedEstimator estimator, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var states = estimator.GetCurrentStateIterator();
                while (states.HasMoreResults)
                {
                    foreach (var state in await states.ReadNextAsync(stopping))
                    {
                        _lag[state.LeaseToken] = state.EstimatedLag;
                    }
                }
            }
            catch (CosmosException failure)
            {
                // The gauge keeps its last estimate; the next interval tries again.
                LogEstimateFailed(logger, failure);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            await Task.Delay(options.Value.LagEstimationInterval, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(Stream changes, CancellationToken cancellationToken)
    {
        var page = await CosmosJson.ReadAsync<QueryPage<CustomerDocument>>(changes, cancellationToken);
        var changed = (page?.Documents ?? []).Where(d => d.Events is { Length: > 0 }).Select(CustomerDocumentMapper.ToVersionedCustomer).ToArray();
        if (changed.Length > 0)
        {
            await handler.HandleAsync(changed, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed's lag could not be estimated; the gauge keeps its last figure.")]
    private static partial void LogEstimateFailed(ILogger logger, Exception failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed processor could not start (the store did not answer); trying again every {Seconds} s. Webhook events wait in the change feed meanwhile.")]
    private static partial void LogStartDeferred(ILogger logger, double seconds, Exception failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "The change feed processor started once the store answered (attempt {Attempt}).")]
    private static partial void LogStartedLate(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change feed processor has not started within {Seconds} s; the API starts without it and it goes on trying.")]
    private static partial void LogStillStarting(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another replica initialized the change feed's lease store while this one started; starting again.")]
    private static partial void LogStartRaced(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change feed batch of lease {Lease} failed; it is read again.")]
    private static partial void LogBatchFailed(ILogger logger, string lease, Exception failure);
}
