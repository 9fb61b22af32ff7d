using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>The body of <c>POST /webhooks</c>.</summary>
[Description("A new webhook. Member names are read in any letter case.")]
public sealed record NewWebhook
{
    [Required]
    [Description("1 to 100 characters, as a reader counts them.")]
    public string? Name { get; init; }

    [Required]
    [Description("Absolute https URL of at most 2,048 characters, without user-info, that is not and does not resolve to a loopback, private, link-local, CGNAT, multicast or unspecified address.")]
    public string? Url { get; init; }

    [Required]
    [Description("One or more event types to deliver.")]
    public CustomerEventType[]? Events { get; init; }

    [Description("Whether updated, deleted and restored events carry diff.previousAttributes; false when left out.")]
    public bool? IncludePreviousAttributes { get; init; }
}

/// <summary>The body of <c>PATCH /webhooks/{id}</c>: an RFC 7396 merge patch; a member left out stays as it is.</summary>
[Description("A merge patch of a webhook: a member left out stays as it is. None of them can be removed (null).")]
public sealed record WebhookPatch
{
    public Optional<string> Name { get; init; }

    [Description("A new Url makes the webhook Pending and verifies its endpoint again.")]
    public Optional<string> Url { get; init; }

    [Description("Replaced whole; one or more event types.")]
    public Optional<CustomerEventType[]> Events { get; init; }

    public Optional<bool> IncludePreviousAttributes { get; init; }

    [Description("Active verifies the endpoint again and re-enables deliveries; Disabled stops them (DisabledByPartner). Pending cannot be asked for.")]
    public Optional<WebhookStatus> Status { get; init; }
}
