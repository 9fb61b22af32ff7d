using System.Security.Cryptography;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Mediator;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>
/// Sends the verification challenge to a webhook that awaits it, and records the answer: Active when the endpoint
/// echoed it, Pending with <c>VerificationFailed</c> otherwise. Answers the status it left the webhook in (null when
/// there was nothing to verify: deleted, already verified, or changed meanwhile into something else to verify).
/// </summary>
public sealed record VerifyWebhook(TenantId TenantId, WebhookId Id) : ICommand<Outcome<WebhookStatus?>>;

internal sealed class VerifyWebhookHandler(IWebhookRepository webhooks, IWebhookEndpoints endpoints, TimeProvider clock)
    : ICommandHandler<VerifyWebhook, Outcome<WebhookStatus?>>
{
    private const int Attempts = 5;

    public async ValueTask<Outcome<WebhookStatus?>> Handle(VerifyWebhook request, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(request.TenantId, request.Id, cancellationToken) is not { Webhook.AwaitsVerification: true } stored)
        {
            return (WebhookStatus?)null;
        }

        var url = stored.Webhook.Url;
        var echoed = await endpoints.AnswersChallengeAsync(url, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), cancellationToken);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            // The answer is for the URL that was asked; a patch that moved the webhook elsewhere has asked for its own.
            if (stored is not { Webhook.AwaitsVerification: true } || stored.Webhook.Url != url)
            {
                return (WebhookStatus?)null;
            }

            stored.Webhook.Verified(echoed, clock.GetUtcNow());
            if (await webhooks.ReplaceAsync(stored.Webhook, stored.ETag, cancellationToken) is { } written)
            {
                return written.Webhook.Status;
            }

            // A write landed in between (a rename, a rotation): apply the answer to the version it left.
            stored = await webhooks.FindAsync(request.TenantId, request.Id, cancellationToken);
        }

        return new CustomerFailure.WriteContention();
    }
}
