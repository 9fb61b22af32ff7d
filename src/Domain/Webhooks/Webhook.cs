using Alvys.Customers.Domain.Customers;
using Ardalis.Result;

namespace Alvys.Customers.Domain.Webhooks;

public enum WebhookStatus
{
    /// <summary>Its endpoint has not answered the verification challenge yet: nothing is delivered to it.</summary>
    Pending,
    Active,
    Disabled,
}

public enum WebhookStatusReason
{
    VerificationFailed,
    ConsecutiveFailures,
    DisabledByPartner,
}

/// <summary>
/// A partner's subscription to the customer events of its tenant: where they are posted, which types, and whether a
/// delivery may be sent now. Verification makes it Active; ten events in a row that fail every attempt disable it.
/// </summary>
public sealed class Webhook
{
    public const int MaxNameLength = 100;

    /// <summary>How many webhooks a tenant may hold.</summary>
    public const int MaxPerTenant = 20;

    public const int DisableAfterConsecutiveFailures = 10;

    /// <summary>How long deliveries are signed with the previous secret as well after a rotation.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    private Webhook(WebhookId id, TenantId tenantId, string name, WebhookUrl url, IReadOnlySet<CustomerEventType> events, WebhookSecret secret, DateTimeOffset dateCreated)
    {
        Id = id;
        TenantId = tenantId;
        Name = name;
        Url = url;
        Events = events;
        Secret = secret;
        DateCreated = dateCreated;
        DateModified = dateCreated;
    }

    public WebhookId Id { get; }

    public TenantId TenantId { get; }

    public string Name { get; private set; }

    public WebhookUrl Url { get; private set; }

    public IReadOnlySet<CustomerEventType> Events { get; private set; }

    public bool IncludePreviousAttributes { get; private set; }

    public WebhookStatus Status { get; private set; } = WebhookStatus.Pending;

    public WebhookStatusReason? StatusReason { get; private set; }

    public WebhookSecret Secret { get; private set; }

    /// <summary>The secret before the last rotation, while deliveries are still signed with it too.</summary>
    public WebhookSecret? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpires { get; private set; }

    /// <summary>Events in a row that failed every attempt; a delivered one resets it.</summary>
    public int ConsecutiveFailedEvents { get; private set; }

    public DateTimeOffset DateCreated { get; }

    public DateTimeOffset DateModified { get; private set; }

    /// <param name="url">The target as judged (<see cref="WebhookUrl.Create"/>): its errors are reported with the others.</param>
    public static Result<Webhook> Create(
        TenantId tenantId, string? name, Result<WebhookUrl> url, IReadOnlyCollection<CustomerEventType> events, bool includePreviousAttributes, DateTimeOffset now)
    {
        var errors = new List<ValidationError>();
        var cleaned = CleanName(name, errors);
        errors.AddRange(url.ValidationErrors);
        if (events.Count == 0)
        {
            errors.Add(Field("Events", "Events must name at least one event type."));
        }

        return errors.Count > 0
            ? Result.Invalid(errors)
            : new Webhook(WebhookId.New(), tenantId, cleaned!, url.Value, events.ToHashSet(), WebhookSecret.New(), now) { IncludePreviousAttributes = includePreviousAttributes };
    }

    /// <summary>Whether the endpoint is still to answer its first challenge (Pending, no reason yet): what verification works on.</summary>
    public bool AwaitsVerification => Status == WebhookStatus.Pending && StatusReason is null;

    /// <summary>The secret deliveries are signed with at <paramref name="now"/> besides <see cref="Secret"/>, if any.</summary>
    public WebhookSecret? SecondSecretAt(DateTimeOffset now) => PreviousSecretExpires > now ? PreviousSecret : null;

    /// <summary>Whether an event of <paramref name="type"/> goes to this webhook now.</summary>
    public bool Receives(CustomerEventType type) => Status == WebhookStatus.Active && Events.Contains(type);

    public Result Rename(string? name, DateTimeOffset now)
    {
        var errors = new List<ValidationError>();
        var cleaned = CleanName(name, errors);
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }

        Name = cleaned!;
        DateModified = now;
        return Result.Success();
    }

    /// <summary>A new endpoint is unverified: Pending until it answers the challenge.</summary>
    public void Retarget(WebhookUrl url, DateTimeOffset now)
    {
        if (url == Url)
        {
            return;
        }

        Url = url;
        Status = WebhookStatus.Pending;
        StatusReason = null;
        DateModified = now;
    }

    public Result Subscribe(IReadOnlyCollection<CustomerEventType> events, bool includePreviousAttributes, DateTimeOffset now)
    {
        if (events.Count == 0)
        {
            return Result.Invalid(Field("Events", "Events must name at least one event type."));
        }

        Events = events.ToHashSet();
        IncludePreviousAttributes = includePreviousAttributes;
        DateModified = now;
        return Result.Success();
    }

    /// <summary>The partner asks for deliveries again: verified again first, the failure count cleared.</summary>
    public void Reenable(DateTimeOffset now)
    {
        Status = WebhookStatus.Pending;
        StatusReason = null;
        ConsecutiveFailedEvents = 0;
        DateModified = now;
    }

    public void DisableByPartner(DateTimeOffset now) => Disable(WebhookStatusReason.DisabledByPartner, now);

    /// <summary>The endpoint's answer to the challenge: Active when it echoed it, otherwise Pending with the reason.</summary>
    public void Verified(bool echoed, DateTimeOffset now)
    {
        if (Status != WebhookStatus.Pending)
        {
            return;
        }

        (Status, StatusReason) = echoed ? (WebhookStatus.Active, (WebhookStatusReason?)null) : (WebhookStatus.Pending, WebhookStatusReason.VerificationFailed);
        DateModified = now;
    }

    /// <summary>A new secret; the one it replaces still signs deliveries (as <c>v0</c>) for <see cref="RotationOverlap"/>.</summary>
    public WebhookSecret RotateSecret(DateTimeOffset now)
    {
        PreviousSecret = Secret;
        PreviousSecretExpires = now + RotationOverlap;
        Secret = WebhookSecret.New();
        DateModified = now;
        return Secret;
    }

    /// <summary>An event's deliveries ended: delivered resets the count; failed every attempt counts, and the tenth in a row (or <paramref name="disableAfter"/>) disables.</summary>
    public void EventEnded(bool delivered, DateTimeOffset now, int disableAfter = DisableAfterConsecutiveFailures)
    {
        if (delivered)
        {
            ConsecutiveFailedEvents = 0;
            return;
        }

        ConsecutiveFailedEvents++;
        if (ConsecutiveFailedEvents >= disableAfter && Status == WebhookStatus.Active)
        {
            Disable(WebhookStatusReason.ConsecutiveFailures, now);
        }
    }

    /// <summary>Rebuilds a stored webhook as it was stored.</summary>
    public static Webhook Rehydrate(StoredWebhookState stored) =>
        new(stored.Id, stored.TenantId, stored.Name, stored.Url, stored.Events, stored.Secret, stored.DateCreated)
        {
            IncludePreviousAttributes = stored.IncludePreviousAttributes,
            Status = stored.Status,
            StatusReason = stored.StatusReason,
            PreviousSecret = stored.PreviousSecret,
            PreviousSecretExpires = stored.PreviousSecretExpires,
            ConsecutiveFailedEvents = stored.ConsecutiveFailedEvents,
            DateModified = stored.DateModified,
        };

    private void Disable(WebhookStatusReason reason, DateTimeOffset now)
    {
        Status = WebhookStatus.Disabled;
        StatusReason = reason;
        DateModified = now;
    }

    private static string? CleanName(string? name, List<ValidationError> errors)
    {
        if (PartnerText.Clean(name) is not { } cleaned)
        {
            errors.Add(Field("Name", "Name is required and must show something."));
            return null;
        }

        if (PartnerText.Problem(cleaned, "Name", MaxNameLength) is { } problem)
        {
            errors.Add(problem);
            return null;
        }

        return cleaned;
    }

    private static ValidationError Field(string field, string message) => new(field, message, "Invalid" + field, ValidationSeverity.Error);
}

/// <summary>Everything persistence keeps of a webhook, handed back to <see cref="Webhook.Rehydrate"/>.</summary>
public sealed record StoredWebhookState(
    WebhookId Id,
    TenantId TenantId,
    string Name,
    WebhookUrl Url,
    IReadOnlySet<CustomerEventType> Events,
    bool IncludePreviousAttributes,
    WebhookStatus Status,
    WebhookStatusReason? StatusReason,
    WebhookSecret Secret,
    WebhookSecret? PreviousSecret,
    DateTimeOffset? PreviousSecretExpires,
    int ConsecutiveFailedEvents,
    DateTimeOffset DateCreated,
    DateTimeOffset DateModified);
