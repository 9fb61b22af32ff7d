using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Mediator;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>Stores a new, Pending webhook and has its endpoint verified; the answer shows its secret, once.</summary>
public sealed record CreateWebhook(TenantId TenantId, NewWebhook Body) : ICommand<Outcome<WebhookWithSecretResponse>>;

internal sealed class CreateWebhookHandler(IWebhookRepository webhooks, IWebhookVerifications verifications, WebhookTargets targets, TimeProvider clock)
    : ICommandHandler<CreateWebhook, Outcome<WebhookWithSecretResponse>>
{
    public async ValueTask<Outcome<WebhookWithSecretResponse>> Handle(CreateWebhook request, CancellationToken cancellationToken)
    {
        var body = request.Body;
        var created = Webhook.Create(
            request.TenantId, body.Name, WebhookUrl.Create(body.Url, targets.AllowLoopback), body.Events ?? [], body.IncludePreviousAttributes ?? false, clock.GetUtcNow());
        if (!created.IsSuccess)
        {
            return created.Invalid();
        }

        // The store holds the limit: of racing creates for the last place, one wins and the others are told so.
        if (await webhooks.AddAsync(created.Value, cancellationToken) is not { } stored)
        {
            return new CustomerFailure.WebhookLimitReached();
        }

        verifications.Request(request.TenantId, created.Value.Id);
        return new WebhookWithSecretResponse(stored, created.Value.Secret);
    }
}
