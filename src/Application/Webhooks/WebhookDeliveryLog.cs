using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Domain.Webhooks;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>One attempt of a delivery as the log shows it: the receiver's status (null on a network error or timeout) and what went wrong.</summary>
public sealed record DeliveryAttemptResponse(int Attempt, DateTimeOffset At, int? StatusCode, string? Error, long DurationMs);

/// <summary>One event on its way to a webhook, or the end it came to.</summary>
public sealed record DeliveryResponse(
    string Id, string EventId, string EventType, string? CustomerId, DeliveryState State, IReadOnlyList<DeliveryAttemptResponse> Attempts, DateTimeOffset? NextAttemptAt)
{
    public static DeliveryResponse From(WebhookDelivery delivery) => new(
        delivery.Id, delivery.EventId, delivery.EventType is { } type ? CustomerEventMessage.TypeName(type) : WebhookDelivery.TestEventType,
        delivery.IsTest ? null : delivery.CustomerId.Value, delivery.State,
        [.. delivery.Attempts.Select(a => new DeliveryAttemptResponse(a.Attempt, a.At, a.StatusCode, a.Error, a.DurationMs))], delivery.NextAttemptAt);
}

/// <summary>A page of the delivery log, newest first; <paramref name="Cursor"/> asks for the next page while <paramref name="HasMore"/>.</summary>
public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Items, string? Cursor, bool HasMore);

/// <summary>What a redelivery answers: the new delivery, due at once.</summary>
public sealed record RedeliveryResponse(DeliveryResponse Delivery);

/// <summary>A signed <c>webhook.test</c> event (<c>data: {}</c>) to the webhook, delivered like any other.</summary>
public sealed record TestWebhook(TenantId TenantId, string WebhookId) : ICommand<Outcome<DeliveryResponse>>;

/// <summary>A page of a webhook's delivery log.</summary>
public sealed record ListWebhookDeliveries(TenantId TenantId, string WebhookId, string? Cursor, int? PageSize) : IQuery<Outcome<DeliveryListResponse>>
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;
}

/// <summary>Sends a delivery's event again, as a new delivery with the same event id.</summary>
public sealed record RedeliverWebhookDelivery(TenantId TenantId, string WebhookId, string DeliveryId) : ICommand<Outcome<DeliveryResponse>>;

internal sealed class ListWebhookDeliveriesValidator : AbstractValidator<ListWebhookDeliveries>
{
    public ListWebhookDeliveriesValidator()
    {
        RuleFor(q => q.PageSize)
            .InclusiveBetween(1, ListWebhookDeliveries.MaxPageSize).When(q => q.PageSize is not null)
            .OverridePropertyName("pageSize").WithMessage($"pageSize must be between 1 and {ListWebhookDeliveries.MaxPageSize}.");
        RuleFor(q => q.Cursor)
            .Must(cursor => DeliveryCursor.TryOpen(cursor!, out _)).When(q => q.Cursor is not null)
            .OverridePropertyName("cursor").WithMessage("cursor is not one this service answered; leave it out to start from the newest delivery.");
    }
}

internal sealed class WebhookDeliveryLogHandler(IWebhookRepository webhooks, IDeliveryStore deliveries, TimeProvider clock)
    : IQueryHandler<ListWebhookDeliveries, Outcome<DeliveryListResponse>>, ICommandHandler<RedeliverWebhookDelivery, Outcome<DeliveryResponse>>,
        ICommandHandler<TestWebhook, Outcome<DeliveryResponse>>
{
    public async ValueTask<Outcome<DeliveryResponse>> Handle(TestWebhook request, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(request.TenantId, request.WebhookId, cancellationToken) is not { } webhook)
        {
            return new CustomerFailure.NotFound();
        }

        // Unclaimed and due at once, like a redelivery; two pings in the same millisecond are one.
        var ping = WebhookDelivery.TestOf(webhook.Webhook, clock.GetUtcNow());
        var recorded = await deliveries.RecordAsync(ping, cancellationToken);
        return DeliveryResponse.From(recorded?.Delivery ?? ping);
    }

    public async ValueTask<Outcome<DeliveryListResponse>> Handle(ListWebhookDeliveries request, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(request.TenantId, request.WebhookId, cancellationToken) is not { } webhook)
        {
            return new CustomerFailure.NotFound();
        }

        var after = request.Cursor is { } cursor && DeliveryCursor.TryOpen(cursor, out var position) ? position : null;
        var page = await deliveries.ListAsync(request.TenantId, webhook.Webhook.Id, after, request.PageSize ?? ListWebhookDeliveries.DefaultPageSize, cancellationToken);
        var next = page.HasMore ? DeliveryCursor.Seal(new DeliveryPosition(page.Items[^1].DateCreated, page.Items[^1].Id)) : null;
        return new DeliveryListResponse([.. page.Items.Select(DeliveryResponse.From)], next, page.HasMore);
    }

    public async ValueTask<Outcome<DeliveryResponse>> Handle(RedeliverWebhookDelivery request, CancellationToken cancellationToken)
    {
        if (await webhooks.FindAsync(request.TenantId, request.WebhookId, cancellationToken) is not { } webhook
            || await deliveries.FindAsync(request.TenantId, request.DeliveryId, cancellationToken) is not { } original
            || original.WebhookId != webhook.Webhook.Id)
        {
            return new CustomerFailure.NotFound();
        }

        // Unclaimed and due at once: the next poll of any replica sends it. Two redeliveries in the same millisecond are one.
        var again = WebhookDelivery.RedeliveryOf(original, clock.GetUtcNow());
        var recorded = await deliveries.RecordAsync(again, cancellationToken);
        return DeliveryResponse.From(recorded?.Delivery ?? again);
    }
}

/// <summary>
/// The delivery log's cursor: where the last page ended (when that delivery was recorded, and its id). It only says
/// where to go on within the webhook the caller already names, so it needs no seal: any position is one the caller may read.
/// </summary>
internal static class DeliveryCursor
{
    private const string Version = "d1.";

    public static string Seal(DeliveryPosition position) =>
        Version + Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{position.DateCreated.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{position.Id}"));

    public static bool TryOpen(string cursor, out DeliveryPosition? position)
    {
        position = null;
        if (!cursor.StartsWith(Version, StringComparison.Ordinal) || cursor.Length > 1024)
        {
            return false;
        }

        var encoded = cursor[Version.Length..];
        var bytes = new byte[Base64Url.GetMaxDecodedLength(encoded.Length)];
        if (Base64Url.DecodeFromChars(encoded, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(bytes, 0, written).Split('|', 2);
        if (parts.Length != 2 || parts[1].Length == 0
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        position = new DeliveryPosition(new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
        return true;
    }
}
