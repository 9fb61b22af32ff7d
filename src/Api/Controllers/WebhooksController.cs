using Alvys.Customers.Api.Http;
using Alvys.Customers.Api.Problems;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Controllers;

/// <summary>The webhook subscriptions of the caller's tenant. Each action binds, sends one request, and maps its outcome.</summary>
[ApiController]
[Route(BaseRoute)]
public sealed class WebhooksController(ISender sender, TenantAccessor tenant) : ControllerBase
{
    public const string BaseRoute = "api/p/v{version:regex(^1(\\.0)?$)}/webhooks";

    private const string ProblemContentType = ProblemWriter.ContentType;

    [HttpGet]
    [Authorize(Policy = WebhookScopes.Read)]
    [ProducesResponseType<WebhookListResponse>(StatusCodes.Status200OK)]
    public async Task<IActionResult> ListWebhooks(CancellationToken cancellationToken) =>
        Answer(await sender.Send(new ListWebhooks(tenant.Current), cancellationToken), Ok);

    [HttpGet("{id}")]
    [Authorize(Policy = WebhookScopes.Read)]
    [ProducesResponseType<WebhookResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemContentType)]
    public async Task<IActionResult> GetWebhook(string id, CancellationToken cancellationToken) =>
        Answer(await sender.Send(new GetWebhook(tenant.Current, id), cancellationToken), WithETag);

    [HttpPost]
    [Authorize(Policy = WebhookScopes.Manage)]
    [ExactMediaTypes("application/json")]
    [ProducesResponseType<WebhookWithSecretResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ProblemContentType)]
    public async Task<IActionResult> CreateWebhook([FromBody] NewWebhook body, CancellationToken cancellationToken) =>
        Answer(await sender.Send(new CreateWebhook(tenant.Current, body), cancellationToken), created =>
        {
            Response.Headers.ETag = created.ETag;
            return Created($"{Request.PathBase}{Request.Path.Value!.TrimEnd('/')}/{created.Id}", created);
        });

    /// <summary>RFC 7396 JSON Merge Patch of a webhook, on condition of If-Match.</summary>
    [HttpPatch("{id}")]
    [Authorize(Policy = WebhookScopes.Manage)]
    [ExactMediaTypes("application/merge-patch+json", "application/json")]
    [ProducesResponseType<WebhookResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ProblemContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired, ProblemContentType)]
    [BodyJudgedAfterPreconditions]
    public async Task<IActionResult> UpdateWebhook(string id, [FromBody] WebhookPatch? body, CancellationToken cancellationToken)
    {
        if (body is null && ModelState.IsValid)
        {
            return new CustomerFailure.Invalid([CustomerErrors.Field("body", "The request body must be a JSON object.")]).ToProblem(HttpContext, FailureMapping.Webhook);
        }

        Outcome<WebhookPatch> patch = ModelState.IsValid && body is not null ? body : ModelStateProblem.Failure(ControllerContext);
        return Answer(await sender.Send(new UpdateWebhook(tenant.Current, id, patch, EntityTags.ParseIfMatch(Request.Headers.IfMatch)), cancellationToken), WithETag);
    }

    /// <summary>Deletes the webhook; If-Match is honoured when sent.</summary>
    [HttpDelete("{id}")]
    [Authorize(Policy = WebhookScopes.Manage)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ProblemContentType)]
    public async Task<IActionResult> DeleteWebhook(string id, CancellationToken cancellationToken) =>
        Answer(await sender.Send(new DeleteWebhook(tenant.Current, id, EntityTags.ParseIfMatch(Request.Headers.IfMatch)), cancellationToken), _ => NoContent());

    /// <summary>A new signing secret; for 24 hours deliveries carry a v0 signature with the previous one as well.</summary>
    [HttpPost("{id}/secret")]
    [Authorize(Policy = WebhookScopes.Manage)]
    [ProducesResponseType<WebhookWithSecretResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemContentType)]
    public async Task<IActionResult> RotateWebhookSecret(string id, CancellationToken cancellationToken) =>
        Answer(await sender.Send(new RotateWebhookSecret(tenant.Current, id), cancellationToken), WithETag);

    /// <summary>A signed webhook.test event to the endpoint, delivered like any other.</summary>
    [HttpPost("{id}/test")]
    [Authorize(Policy = WebhookScopes.Manage)]
    [ProducesResponseType<DeliveryResponse>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemContentType)]
    public async Task<IActionResult> TestWebhook(string id, CancellationToken cancellationToken) =>
        Answer(await sender.Send(new TestWebhook(tenant.Current, id), cancellationToken), delivery => Accepted(delivery));

    /// <summary>The webhook's deliveries, newest first, a page at a time.</summary>
    [HttpGet("{id}/deliveries")]
    [Authorize(Policy = WebhookScopes.Read)]
    [ProducesResponseType<DeliveryListResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemContentType)]
    public async Task<IActionResult> ListWebhookDeliveries(string id, [FromQuery] DeliveryLogPage page, CancellationToken cancellationToken) =>
        Answer(await sender.Send(new ListWebhookDeliveries(tenant.Current, id, page.Cursor, page.PageSize), cancellationToken), Ok);

    /// <summary>Sends a delivery's event again as a new delivery: the same event id and body, due at once.</summary>
    [HttpPost("{id}/deliveries/{deliveryId}/redeliver")]
    [Authorize(Policy = WebhookScopes.Manage)]
    [ProducesResponseType<DeliveryResponse>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemContentType)]
    public async Task<IActionResult> RedeliverWebhookDelivery(string id, string deliveryId, CancellationToken cancellationToken) =>
        Answer(await sender.Send(new RedeliverWebhookDelivery(tenant.Current, id, deliveryId), cancellationToken), delivery => Accepted(delivery));

    private IActionResult WithETag<T>(T webhook)
        where T : WebhookResponse
    {
        Response.Headers.ETag = webhook.ETag;
        return Ok(webhook);
    }

    private IActionResult Answer<T>(Outcome<T> result, Func<T, IActionResult> success) =>
        result.IsSuccess ? success(result.Value) : result.Failure!.ToProblem(HttpContext, FailureMapping.Webhook);
}

/// <summary>The query string of a page of the delivery log.</summary>
public sealed class DeliveryLogPage
{
    [FromQuery(Name = "cursor")]
    [System.ComponentModel.DataAnnotations.DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Cursor { get; init; }

    [FromQuery(Name = "pageSize")]
    public int? PageSize { get; init; }
}
