using System.Collections.Concurrent;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>
/// Sends what the recorder and the poller hand over. Each webhook has a lane of its own with a few senders
/// (<see cref="SendersPerWebhook"/>), so an endpoint that hangs for its whole timeout or fails every attempt holds up
/// only its own deliveries; within a lane one customer's events go one at a time in revision order, and when one of
/// them waits for a retry the later ones are left to the store, where they wait behind it.
/// </summary>
internal sealed partial class WebhookDeliveryLanes(WebhookDeliverer deliverer, ILogger<WebhookDeliveryLanes> logger) : IDeliveryQueue
{
    /// <summary>Events in flight to one webhook at once, each of a different customer.</summary>
    public const int SendersPerWebhook = 4;

    /// <summary>Deliveries one lane holds before the poller stops taking more for it: the rest wait in the store.</summary>
    public const int LaneCapacity = 200;

    private readonly Lock _gate = new();
    private readonly Dictionary<WebhookId, Lane> _lanes = [];
    private CancellationToken _stopping = CancellationToken.None;

    public void StopWith(CancellationToken stopping) => _stopping = stopping;

    /// <summary>Room left in the webhook's lane.</summary>
    public int RoomFor(WebhookId webhook)
    {
        lock (_gate)
        {
            return LaneCapacity - (_lanes.TryGetValue(webhook, out var lane) ? lane.Held : 0);
        }
    }

    public void Enqueue(IReadOnlyList<VersionedDelivery> inOrder, VersionedCustomer? current = null)
    {
        if (inOrder.Count == 0)
        {
            return;
        }

        var first = inOrder[0].Delivery;
        lock (_gate)
        {
            if (!_lanes.TryGetValue(first.WebhookId, out var lane))
            {
                _lanes[first.WebhookId] = lane = new Lane();
            }

            lane.Held += inOrder.Count;
            if (lane.Busy.TryGetValue(first.CustomerId, out var queued))
            {
                // The customer's earlier events are being sent: these follow them, reading the customer when sent (an
                // earlier retry in front may already have sent a newer version than this snapshot).
                queued.Enqueue(new Group(inOrder, null));
                return;
            }

            lane.Busy[first.CustomerId] = new Queue<Group>();
            _ = Task.Run(() => SendCustomerAsync(first.WebhookId, first.CustomerId, lane, new Group(inOrder, current)), CancellationToken.None);
        }
    }

    private async Task SendCustomerAsync(WebhookId webhook, CustomerId customer, Lane lane, Group group)
    {
        while (true)
        {
            await lane.Senders.WaitAsync(CancellationToken.None);
            try
            {
                foreach (var claimed in group.InOrder)
                {
                    if (_stopping.IsCancellationRequested)
                    {
                        // Their claims run out and whoever polls next takes them up.
                        break;
                    }

                    // When one waits for a retry, the later ones still go through the deliverer: each finds the
                    // earlier one Pending and is put back behind it, rather than held here until its claim runs out.
                    await SendOneAsync(claimed, group.Current);
                }
            }
            finally
            {
                lane.Senders.Release();
            }

            lock (_gate)
            {
                lane.Held -= group.InOrder.Count;
                if (!lane.Busy.TryGetValue(customer, out var queued) || !queued.TryDequeue(out var next))
                {
                    lane.Busy.Remove(customer);
                    if (lane.Held <= 0 && lane.Busy.Count == 0)
                    {
                        _lanes.Remove(webhook);
                    }

                    return;
                }

                group = next;
            }
        }
    }

    private async Task<SendResult> SendOneAsync(VersionedDelivery claimed, VersionedCustomer? current)
    {
        try
        {
            return await deliverer.SendAsync(claimed, _stopping, current);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // The store was away: the delivery stays Pending and is taken up again once its claim runs out.
            LogSendFailed(logger, claimed.Delivery.Id, failure);
            return SendResult.Waiting;
        }
        catch (OperationCanceledException)
        {
            return SendResult.Waiting;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} could not be sent or recorded; it is tried again when its claim runs out.")]
    private static partial void LogSendFailed(ILogger logger, string deliveryId, Exception failure);

    /// <summary>One customer's events to the webhook, and the customer as the change feed handed them over (null: read when sent).</summary>
    private sealed record Group(IReadOnlyList<VersionedDelivery> InOrder, VersionedCustomer? Current);

    private sealed class Lane
    {
        public SemaphoreSlim Senders { get; } = new(SendersPerWebhook, SendersPerWebhook);

        public Dictionary<CustomerId, Queue<Group>> Busy { get; } = [];

        public int Held { get; set; }
    }
}

/// <summary>
/// Every <see cref="WebhookDeliverySettings.PollInterval"/>, takes up the deliveries that are due and held by nobody — retries whose delay has
/// passed, and those a stopped replica or a full lane left — claims each conditionally (two replicas never both send
/// one), and hands them to the lanes one customer at a time in revision order.
/// </summary>
internal sealed partial class WebhookDeliveryPoller(
    IDeliveryStore deliveries, WebhookDeliveryLanes lanes, WebhookDeliverySettings settings, TimeProvider clock, ILogger<WebhookDeliveryPoller> logger) : BackgroundService
{
    private const int DuePerPoll = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lanes.StopWith(stoppingToken);
        if (!settings.DeliversHere)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The store was away: the next tick asks again, nothing is lost meanwhile.
                LogPollFailed(logger, failure);
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await deliveries.DueAsync(now, DuePerPoll, cancellationToken);
        var room = new Dictionary<WebhookId, int>();
        var taken = due
            .Where(d =>
            {
                var webhook = d.Delivery.WebhookId;
                room[webhook] = room.TryGetValue(webhook, out var left) ? left - 1 : lanes.RoomFor(webhook) - 1;
                return room[webhook] >= 0;
            })
            .ToArray();

        var claimed = new ConcurrentBag<VersionedDelivery>();
        await Parallel.ForEachAsync(taken, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (candidate, token) =>
        {
            candidate.Delivery.Claim(now + settings.ClaimFor);
            if (await deliveries.ReplaceAsync(candidate.Delivery, candidate.ETag, token) is { } held)
            {
                claimed.Add(held);
            }
        });

        foreach (var group in claimed.GroupBy(d => (d.Delivery.WebhookId, d.Delivery.CustomerId)))
        {
            lanes.Enqueue([.. group.OrderBy(d => d.Delivery.Revision)]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The deliveries due could not be read; the next poll asks again.")]
    private static partial void LogPollFailed(ILogger logger, Exception failure);
}
