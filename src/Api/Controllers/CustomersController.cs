using System.ComponentModel.DataAnnotations;
using Alvys.Customers.Api.Features;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Api.Limits;
using Alvys.Customers.Api.Problems;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Commands.CreateCustomer;
using Alvys.Customers.Application.Customers.Commands.DeleteCustomer;
using Alvys.Customers.Application.Customers.Commands.UpdateCustomer;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomer;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomers;
using Alvys.Customers.Application.Customers.Queries.GetCustomer;
using Alvys.Customers.Application.Customers.Queries.GetCustomerChanges;
using Alvys.Customers.Application.Customers.Queries.LookupCustomers;
using Alvys.Customers.Application.Customers.Queries.SearchCustomers;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Controllers;

/// <summary>The Customer resource of the Public API. Each action binds, sends one request, and maps its outcome.</summary>
[ApiController]
[Route(BaseRoute)]
public sealed class CustomersController(ISender sender, TenantAccessor tenant) : ControllerBase
{
    /// <summary>`v1` and `v1.0` name the same version; partners use both.</summary>
    public const string BaseRoute = "api/p/v{version:regex(^1(\\.0)?$)}/customers";

    /// <summary>
    /// A customer's id: anything but <c>search</c> and <c>lookup</c>, so that <c>GET /customers/search</c> (or PATCH, or
    /// DELETE) is the search resource answering 405 (Allow: POST) rather than a customer named "search".
    /// </summary>
    private const string IdRoute = "{id:regex(^(?!(search|lookup)$))}";

    [HttpGet(IdRoute)]
    [HttpHead(IdRoute)]
    [Authorize(Policy = CustomerScopes.Read)]
    [ProducesResponseType<CustomerResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemWriterContentType)]
    public async Task<IActionResult> GetById(string id, [FromQuery] FieldsQuery selection, CancellationToken cancellationToken) =>
        Read(await sender.Send(GetCustomer.ById(tenant.Current, id) with { Fields = selection.Fields }, cancellationToken));

    /// <summary>Reads a customer by exactly one of the query parameters <c>id</c>, <c>companyNumber</c> and <c>externalId</c>.</summary>
    [HttpGet]
    [HttpHead]
    [Authorize(Policy = CustomerScopes.Read)]
    [ProducesResponseType<CustomerResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemWriterContentType)]
    public async Task<IActionResult> Find([FromQuery] CustomerLookup lookup, CancellationToken cancellationToken) =>
        Read(await sender.Send(new GetCustomer(tenant.Current, lookup.Id, lookup.CompanyNumber, lookup.ExternalId) { Fields = lookup.Fields }, cancellationToken));

    /// <summary>
    /// The changes feed: customers written since <c>cursor</c> (or from the beginning, or <c>from=now</c>), oldest
    /// first, each once in its latest version, soft deletes included.
    /// </summary>
    [HttpGet("changes")]
    [HttpHead("changes")]
    [Authorize(Policy = CustomerScopes.Read)]
    [ProducesResponseType<ChangesResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    public async Task<IActionResult> Changes([FromQuery] ChangesPoll poll, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetCustomerChanges(tenant.Current, poll.Cursor, poll.From, poll.PageSize) { Fields = poll.Fields }, cancellationToken);
        return result.IsSuccess ? Ok(result.Value) : result.Failure!.ToProblem(HttpContext);
    }

    /// <summary>A page of the caller's customers, oldest first; <c>Total</c> counts every match.</summary>
    [HttpPost("search")]
    [Authorize(Policy = CustomerScopes.Read)]
    [ExactMediaTypes("application/json")]
    [ProducesResponseType<SearchResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    public async Task<IActionResult> Search([FromBody] SearchCustomersCriteria? body, [FromQuery] FieldsQuery selection, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new SearchCustomers(tenant.Current, body) { Fields = selection.Fields }, cancellationToken);
        return result.IsSuccess ? Ok(result.Value) : result.Failure!.ToProblem(HttpContext);
    }

    /// <summary>
    /// Up to 100 customers by id, ExternalId or CompanyNumber in one query, each key answered 200 (with the customer and
    /// its ETag) or 404 in request order. Costs one rate-limit token per started ten keys, like a batch.
    /// </summary>
    [HttpPost("lookup")]
    [Authorize(Policy = CustomerScopes.Read)]
    [ExactMediaTypes("application/json")]
    [ProducesResponseType<LookupResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    public async Task<IActionResult> Lookup([FromBody] LookupRequest? body, [FromQuery] FieldsQuery selection, CancellationToken cancellationToken)
    {
        if (body?.GivenKeys() is var (_, keys) && !await PartnerRateLimits.TrySpendForItemsAsync(HttpContext, Math.Min(keys.Count, LookupRequest.MaxKeys), cancellationToken))
        {
            return new EmptyResult();
        }

        var result = await sender.Send(new LookupCustomers(tenant.Current, body) { Fields = selection.Fields }, cancellationToken);
        return result.IsSuccess ? Ok(result.Value) : result.Failure!.ToProblem(HttpContext);
    }

    [HttpPost]
    [Authorize(Policy = CustomerScopes.Create)]
    [CustomerWritesGate]
    [ExactMediaTypes("application/json")]
    [ProducesResponseType<CustomerWriteResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ProblemWriterContentType)]
    public async Task<IActionResult> Create([FromBody] CustomerPatch body, CancellationToken cancellationToken)
    {
        IdempotencyKey? key = null;
        if (Request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyHeader))
        {
            var parsed = IdempotencyKey.Create(keyHeader.Count == 1 ? keyHeader[0] : null);
            if (!parsed.IsSuccess)
            {
                return new CustomerFailure.Invalid(parsed.ValidationErrors.ToArray()).ToProblem(HttpContext);
            }

            key = parsed.Value;
        }

        var result = await sender.Send(new CreateCustomer(tenant.Current, body, key), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Failure!.ToProblem(HttpContext);
        }

        if (result.Value.Replayed)
        {
            Response.Headers["Idempotent-Replayed"] = "true";
        }

        Response.Headers.ETag = result.Value.ETag;
        return Created($"{Request.PathBase}{Request.Path.Value!.TrimEnd('/')}/{result.Value.Customer.Id}", result.Value.Customer);
    }

    /// <summary>RFC 7396 JSON Merge Patch over the writable fields, on condition of If-Match.</summary>
    [HttpPatch(IdRoute)]
    [Authorize(Policy = CustomerScopes.Update)]
    [CustomerWritesGate]
    [ExactMediaTypes("application/merge-patch+json", "application/json")]
    [ProducesResponseType<CustomerWriteResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired, ProblemWriterContentType)]
    [BodyJudgedAfterPreconditions]
    public async Task<IActionResult> Update(string id, [FromBody] CustomerPatch? body, CancellationToken cancellationToken)
    {
        if (NoObject(body) is { } refused)
        {
            return refused;
        }

        var result = await sender.Send(new UpdateCustomer(tenant.Current, id, PatchAsRead(body), EntityTags.ParseIfMatch(Request.Headers.IfMatch)), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Failure!.ToProblem(HttpContext);
        }

        Response.Headers.ETag = result.Value.ETag;
        return Ok(result.Value.Customer);
    }

    /// <summary>
    /// Upsert by the partner's own id: creates the customer with that ExternalId (201, needs <c>customer:create</c>) or
    /// merge-patches the one that has it (200, needs <c>customer:update</c>). <c>If-Match</c> is optional; without it no
    /// concurrent write is overwritten. <c>If-None-Match: *</c> creates only.
    /// </summary>
    [HttpPatch("external/{externalId}")]
    [Authorize(Policy = SecurityRegistration.TenantPolicy)]
    [CustomerWritesGate]
    [ExactMediaTypes("application/merge-patch+json", "application/json")]
    [ProducesResponseType<CustomerWriteResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<CustomerWriteResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ProblemWriterContentType)]
    [BodyJudgedAfterPreconditions]
    public async Task<IActionResult> Upsert(string externalId, [FromBody] CustomerPatch? body, CancellationToken cancellationToken)
    {
        if (NoObject(body) is { } refused)
        {
            return refused;
        }

        var ifNoneMatch = Request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Trim() != "*")
        {
            return new CustomerFailure.Invalid([CustomerErrors.Field("If-None-Match", "On an upsert If-None-Match may only be *, to create only.")]).ToProblem(HttpContext);
        }

        var permissions = CallerUpsertPermissions();
        var result = await sender.Send(
            new UpsertCustomer(tenant.Current, ExternalIdPath.Of(HttpContext, externalId), PatchAsRead(body), EntityTags.ParseIfMatch(Request.Headers.IfMatch), ifNoneMatch.Length > 0, permissions),
            cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Failure!.ToProblem(HttpContext);
        }

        var (written, created) = result.Value;
        Response.Headers.ETag = written.ETag;
        return created
            ? Created(ExternalIdPath.CustomerLocation(Request, written.Customer.Id), written.Customer)
            : Ok(written.Customer);
    }

    /// <summary>
    /// 1…100 upserts by ExternalId in one request, each as <c>PATCH /customers/external/{externalId}</c> without
    /// conditions, independent of the others; per-item outcomes in request order. Costs one rate-limit token per
    /// started ten items.
    /// </summary>
    [HttpPost("external/batch")]
    [Authorize(Policy = SecurityRegistration.TenantPolicy)]
    [CustomerWritesGate]
    [ExactMediaTypes("application/json")]
    [ProducesResponseType<BatchUpsertResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    public async Task<IActionResult> UpsertBatch([FromBody] BatchUpsertRequest body, CancellationToken cancellationToken)
    {
        if (!await PartnerRateLimits.TrySpendForItemsAsync(HttpContext, body.Items.Count, cancellationToken))
        {
            return new EmptyResult();
        }

        var result = await sender.Send(new UpsertCustomers(tenant.Current, body.Items, CallerUpsertPermissions()), cancellationToken);
        return result.IsSuccess ? Ok(BatchUpsertResponse.From(result.Value, HttpContext)) : result.Failure!.ToProblem(HttpContext);
    }

    /// <summary>Soft delete: the customer becomes Inactive and keeps its CompanyNumber reserved.</summary>
    [HttpDelete(IdRoute)]
    [Authorize(Policy = CustomerScopes.Delete)]
    [CustomerWritesGate]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired, ProblemWriterContentType)]
    public async Task<IActionResult> Delete(string id, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new DeleteCustomer(tenant.Current, id, EntityTags.ParseIfMatch(Request.Headers.IfMatch)), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Failure!.ToProblem(HttpContext);
        }

        Response.Headers.ETag = result.Value;
        return NoContent();
    }

    private const string ProblemWriterContentType = Problems.ProblemWriter.ContentType;

    /// <summary>An upsert creates or updates, and its scope is decided by which: the caller may have either, both or neither.</summary>
    private UpsertPermissions CallerUpsertPermissions() =>
        new UpsertPermissions(CustomerScopes.IsGranted(User, CustomerScopes.Create), CustomerScopes.IsGranted(User, CustomerScopes.Update));

    /// <summary>The IETF draft's header: a retry of a create with the same key and body answers the first one's customer.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>A body that is JSON but no object (<c>null</c>, or none at all) is refused outright, as JSON that does not parse is.</summary>
    private IActionResult? NoObject(CustomerPatch? body) =>
        body is null && ModelState.IsValid
            ? new CustomerFailure.Invalid([CustomerErrors.Field("body", "The request body must be a JSON object.")]).ToProblem(HttpContext)
            : null;

    /// <summary>The bound patch, or — for a body whose members could not be read — the failure to report after the precondition.</summary>
    private Outcome<CustomerPatch> PatchAsRead(CustomerPatch? body) =>
        ModelState.IsValid && body is not null ? body : ModelStateProblem.Failure(ControllerContext);

    private IActionResult Read(Outcome<CustomerRead> result)
    {
        if (!result.IsSuccess)
        {
            return result.Failure!.ToProblem(HttpContext);
        }

        Response.Headers.ETag = result.Value.ETag;
        return EntityTags.IfNoneMatchMatches(Request.Headers.IfNoneMatch, result.Value.ETag)
            ? StatusCode(StatusCodes.Status304NotModified)
            : Ok(result.Value.Customer);
    }
}

/// <summary>The query string of a read: which members of each customer to answer with.</summary>
public class FieldsQuery
{
    // Kept as given: `?fields=` names no member, and is refused rather than read as "all of them".
    [FromQuery(Name = "fields")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Fields { get; init; }
}

/// <summary>The query string of a customer look-up.</summary>
public sealed class CustomerLookup : FieldsQuery
{
    // Blank values are kept as given, so that `?id=` is reported as a blank id rather than as a missing one.
    [FromQuery(Name = "id")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Id { get; init; }

    [FromQuery(Name = "companyNumber")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? CompanyNumber { get; init; }

    [FromQuery(Name = "externalId")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? ExternalId { get; init; }
}

/// <summary>The query string of a poll of the changes feed.</summary>
public sealed class ChangesPoll : FieldsQuery
{
    [FromQuery(Name = "cursor")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Cursor { get; init; }

    [FromQuery(Name = "from")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? From { get; init; }

    [FromQuery(Name = "pageSize")]
    public int? PageSize { get; init; }
}
