using System.Threading.Channels;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>
/// Verifies webhook endpoints after the create or patch that asked for it has been answered, several at once so that
/// one endpoint that takes its whole timeout does not hold up the others. At start-up it takes up what a stopped
/// process left: every webhook still awaiting its first answer.
/// </summary>
internal sealed partial class WebhookVerificationQueue(IServiceProvider services, ILogger<WebhookVerificationQueue> logger) : BackgroundService, IWebhookVerifications
{
    /// <summary>Endpoints challenged at once; each takes at most the verification timeout (3 s).</summary>
    private const int Concurrency = 8;

    private readonly Channel<(TenantId TenantId, WebhookId Id)> _waiting = Channel.CreateUnbounded<(TenantId, WebhookId)>();

    public void Request(TenantId tenantId, WebhookId id) => _waiting.Writer.TryWrite((tenantId, id));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var sender = services.GetRequiredService<ISender>();
        try
        {
            foreach (var left in await services.GetRequiredService<IWebhookRepository>().ListAwaitingVerificationAsync(stoppingToken))
            {
                Request(left.TenantId, left.Id);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The store was not reachable at start-up: those webhooks stay Pending until the next start or a patch asks again.
            LogSweepFailed(logger, failure);
        }

        await Parallel.ForEachAsync(
            _waiting.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = stoppingToken },
            async (webhook, token) =>
            {
                try
                {
                    var verified = await sender.Send(new VerifyWebhook(webhook.TenantId, webhook.Id), token);
                    LogVerified(logger, webhook.Id.Value, verified.IsSuccess ? verified.Value?.ToString() ?? "unchanged" : verified.Name);
                }
                catch (Exception failure) when (failure is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // One webhook's failure (the store away) must not end the verification of every other one.
                    LogVerificationFailed(logger, webhook.Id.Value, failure);
                }
            });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {WebhookId} verification: {Outcome}.")]
    private static partial void LogVerified(ILogger logger, string webhookId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {WebhookId} could not be verified; it stays Pending until a patch asks again or the service restarts.")]
    private static partial void LogVerificationFailed(ILogger logger, string webhookId, Exception failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhooks awaiting verification could not be listed at start-up.")]
    private static partial void LogSweepFailed(ILogger logger, Exception failure);
}
