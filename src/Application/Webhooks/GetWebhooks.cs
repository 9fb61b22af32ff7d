using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Mediator;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>One webhook of the caller's tenant.</summary>
public sealed record GetWebhook(TenantId TenantId, string Id) : IQuery<Outcome<WebhookResponse>>;

/// <summary>Every webhook of the caller's tenant, oldest first (at most <see cref="Webhook.MaxPerTenant"/>).</summary>
public sealed record ListWebhooks(TenantId TenantId) : IQuery<Outcome<WebhookListResponse>>;

internal sealed class GetWebhookHandler(IWebhookRepository webhooks)
    : IQueryHandler<GetWebhook, Outcome<WebhookResponse>>, IQueryHandler<ListWebhooks, Outcome<WebhookListResponse>>
{
    public async ValueTask<Outcome<WebhookResponse>> Handle(GetWebhook request, CancellationToken cancellationToken) =>
        await webhooks.FindAsync(request.TenantId, request.Id, cancellationToken) is { } stored ? WebhookResponse.From(stored) : new CustomerFailure.NotFound();

    public async ValueTask<Outcome<WebhookListResponse>> Handle(ListWebhooks request, CancellationToken cancellationToken) =>
        new WebhookListResponse([.. (await webhooks.ListAsync(request.TenantId, cancellationToken)).Select(WebhookResponse.From)]);
}
