using Alvys.Customers.Application.Customers;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using Ardalis.Result;
using Mediator;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>
/// Merge-patches a webhook on condition of <paramref name="IfMatch"/>. As for customers, a body that could not be read
/// is reported only after the precondition has been decided.
/// </summary>
public sealed record UpdateWebhook(TenantId TenantId, string Id, Outcome<WebhookPatch> Patch, IfMatch IfMatch) : ICommand<Outcome<WebhookResponse>>;

internal sealed class UpdateWebhookHandler(IWebhookRepository webhooks, IWebhookVerifications verifications, WebhookTargets targets, TimeProvider clock)
    : ICommandHandler<UpdateWebhook, Outcome<WebhookResponse>>
{
    public async ValueTask<Outcome<WebhookResponse>> Handle(UpdateWebhook request, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(request.TenantId, request.Id, cancellationToken) is not { } stored)
        {
            return new CustomerFailure.NotFound();
        }

        if (!request.IfMatch.IsPresent)
        {
            return new CustomerFailure.VersionRequired();
        }

        if (!request.IfMatch.Matches(stored.ETag))
        {
            return new CustomerFailure.VersionStale();
        }

        if (!request.Patch.IsSuccess)
        {
            return request.Patch.Failure!;
        }

        var before = WebhookResponse.From(stored);
        var errors = Apply(stored.Webhook, request.Patch.Value, clock.GetUtcNow());
        if (errors.Count > 0)
        {
            return new CustomerFailure.Invalid(errors);
        }

        // Nothing the partner can see changed: no write, and the version it holds stays current. Asking a webhook that
        // awaits verification to be Active still asks again (a process that stopped may have lost the first request).
        if (WebhookResponse.From(stored) with { DateModified = before.DateModified } is var after && SameAs(before, after))
        {
            if (request.Patch.Value.Status is { HasValue: true, Value: WebhookStatus.Active } && stored.Webhook.AwaitsVerification)
            {
                verifications.Request(request.TenantId, stored.Webhook.Id);
            }

            return before;
        }

        // Conditional on the version read above: a write in between (another patch, a verification) makes this a 412.
        if (await webhooks.ReplaceAsync(stored.Webhook, stored.ETag, cancellationToken) is not { } written)
        {
            return new CustomerFailure.VersionStale();
        }

        if (written.Webhook.AwaitsVerification)
        {
            verifications.Request(request.TenantId, written.Webhook.Id);
        }

        return WebhookResponse.From(written);
    }

    private List<ValidationError> Apply(Webhook webhook, WebhookPatch patch, DateTimeOffset now)
    {
        var errors = new List<ValidationError>();
        if (patch.Name.IsPresent)
        {
            errors.AddRange(webhook.Rename(patch.Name.Or(null), now).ValidationErrors);
        }

        if (patch.Url.IsPresent)
        {
            var url = WebhookUrl.Create(patch.Url.Or(null), targets.AllowLoopback);
            errors.AddRange(url.ValidationErrors);
            if (url.IsSuccess)
            {
                webhook.Retarget(url.Value, now);
            }
        }

        // Removing IncludePreviousAttributes (null) returns it to its default, false.
        var include = patch.IncludePreviousAttributes.IsPresent ? patch.IncludePreviousAttributes.HasValue && patch.IncludePreviousAttributes.Value : webhook.IncludePreviousAttributes;
        if (patch.Events.IsPresent && !patch.Events.HasValue)
        {
            errors.Add(Field("Events", "Events cannot be removed; name at least one event type."));
        }
        else if (patch.Events.IsPresent || include != webhook.IncludePreviousAttributes)
        {
            errors.AddRange(webhook.Subscribe(patch.Events.HasValue ? patch.Events.Value : [.. webhook.Events], include, now).ValidationErrors);
        }

        if (patch.Status.IsPresent)
        {
            switch (patch.Status.HasValue ? patch.Status.Value : (WebhookStatus?)null)
            {
                case WebhookStatus.Active when webhook.Status != WebhookStatus.Active:
                    webhook.Reenable(now);
                    break;
                case WebhookStatus.Active:
                    break;
                case WebhookStatus.Disabled when webhook.StatusReason != WebhookStatusReason.DisabledByPartner:
                    webhook.DisableByPartner(now);
                    break;
                case WebhookStatus.Disabled:
                    break;
                default:
                    errors.Add(Field("Status", "Status may be Active (verify the endpoint again and re-enable) or Disabled (stop deliveries)."));
                    break;
            }
        }

        return errors;
    }

    private static bool SameAs(WebhookResponse before, WebhookResponse after) =>
        before with { Events = [] } == after with { Events = [] } && before.Events.SequenceEqual(after.Events);

    private static ValidationError Field(string field, string message) => new(field, message, "Invalid" + field, ValidationSeverity.Error);
}
