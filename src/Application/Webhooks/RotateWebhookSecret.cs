using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Mediator;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>A new signing secret; deliveries are signed with the previous one too (<c>v0</c>) for <see cref="Webhook.RotationOverlap"/>.</summary>
public sealed record RotateWebhookSecret(TenantId TenantId, string Id) : ICommand<Outcome<WebhookWithSecretResponse>>;

internal sealed class RotateWebhookSecretHandler(IWebhookRepository webhooks, TimeProvider clock)
    : ICommandHandler<RotateWebhookSecret, Outcome<WebhookWithSecretResponse>>
{
    /// <summary>A rotation is unconditional; a write that lands between its read and its write (a verification) is read again.</summary>
    private const int Attempts = 5;

    public async ValueTask<Outcome<WebhookWithSecretResponse>> Handle(RotateWebhookSecret request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await webhooks.FindAsync(request.TenantId, request.Id, cancellationToken) is not { } stored)
            {
                return new CustomerFailure.NotFound();
            }

            var secret = stored.Webhook.RotateSecret(clock.GetUtcNow());
            if (await webhooks.ReplaceAsync(stored.Webhook, stored.ETag, cancellationToken) is { } written)
            {
                return new WebhookWithSecretResponse(written, secret);
            }
        }

        return new CustomerFailure.WriteContention();
    }
}
