using Alvys.Customers.Application.Customers;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Mediator;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>Deletes a webhook, on condition of <paramref name="IfMatch"/> when one was sent; deliveries to it stop.</summary>
public sealed record DeleteWebhook(TenantId TenantId, string Id, IfMatch IfMatch) : ICommand<Outcome<bool>>;

internal sealed class DeleteWebhookHandler(IWebhookRepository webhooks) : ICommandHandler<DeleteWebhook, Outcome<bool>>
{
    public async ValueTask<Outcome<bool>> Handle(DeleteWebhook request, CancellationToken cancellationToken)
    {
        if (!WebhookId.TryParse(request.Id, out var id))
        {
            return new CustomerFailure.NotFound();
        }

        string? condition = null;
        if (request.IfMatch.IsPresent)
        {
            // A list of tags (or *) is judged against the version read; the delete is then conditional on that version.
            if (await webhooks.FindAsync(request.TenantId, id, cancellationToken) is not { } stored)
            {
                return new CustomerFailure.NotFound();
            }

            if (!request.IfMatch.Matches(stored.ETag))
            {
                return new CustomerFailure.VersionStale();
            }

            condition = stored.ETag;
        }

        return await webhooks.RemoveAsync(request.TenantId, id, condition, cancellationToken) switch
        {
            WebhookRemoval.Removed => true,
            WebhookRemoval.NotFound => new CustomerFailure.NotFound(),
            _ => new CustomerFailure.VersionStale(),
        };
    }
}
