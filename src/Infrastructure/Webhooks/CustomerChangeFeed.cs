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
    : IHostedService
{
    public const string ProcessorName = "webhook-deliveries";

    private ChangeFeedProcessor? _processor;

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
        await _processor.StartAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_processor is not null)
        {
            await _processor.StopAsync();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change feed batch of lease {Lease} failed; it is read again.")]
    private static partial void LogBatchFailed(ILogger logger, string lease, Exception failure);
}
