using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>The host's <c>Webhooks:AllowLoopbackTargets</c>: whether loopback targets are valid (Development and tests only).</summary>
public sealed record WebhookTargets(bool AllowLoopback);

/// <summary>
/// Where a webhook whose endpoint is to be verified is handed: verification runs after the answer, so that a create or
/// patch does not wait up to the verification timeout for a partner's endpoint.
/// </summary>
public interface IWebhookVerifications
{
    void Request(TenantId tenantId, WebhookId id);
}

internal static class WebhookLookups
{
    /// <summary>The stored webhook an id names in the tenant; null for an id of no webhook, or of another tenant's.</summary>
    public static async Task<VersionedWebhook?> FindAsync(this IWebhookRepository webhooks, TenantId tenantId, string id, CancellationToken cancellationToken) =>
        WebhookId.TryParse(id, out var parsed) ? await webhooks.FindAsync(tenantId, parsed, cancellationToken) : null;

    public static CustomerFailure Invalid(this Ardalis.Result.IResult result) => new CustomerFailure.Invalid([.. result.ValidationErrors]);
}
