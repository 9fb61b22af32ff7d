using System.ComponentModel.DataAnnotations;
using Alvys.Customers.Api.Http;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Queries.GetCustomer;
using Alvys.Customers.Application.Messaging;
using Ardalis.Result;
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

    [HttpGet("{id}")]
    [Authorize(Policy = CustomerScopes.Read)]
    [ProducesResponseType<CustomerResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemWriterContentType)]
    public async Task<IActionResult> GetById(string id, CancellationToken cancellationToken) =>
        Read(await sender.Send(GetCustomer.ById(tenant.Current, id), cancellationToken));

    /// <summary>Reads a customer by exactly one of the query parameters <c>id</c> and <c>companyNumber</c>.</summary>
    [HttpGet]
    [Authorize(Policy = CustomerScopes.Read)]
    [ProducesResponseType<CustomerResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest, ProblemWriterContentType)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ProblemWriterContentType)]
    public async Task<IActionResult> Find([FromQuery] CustomerLookup lookup, CancellationToken cancellationToken) =>
        Read(await sender.Send(new GetCustomer(tenant.Current, lookup.Id, lookup.CompanyNumber), cancellationToken));

    private const string ProblemWriterContentType = Problems.ProblemWriter.ContentType;

    private IActionResult Read(Result<CustomerRead> result)
    {
        if (!result.IsSuccess)
        {
            return result.ToProblem(HttpContext);
        }

        Response.Headers.ETag = result.Value.ETag;
        return EntityTags.IfNoneMatchMatches(Request.Headers.IfNoneMatch, result.Value.ETag)
            ? StatusCode(StatusCodes.Status304NotModified)
            : Ok(result.Value.Customer);
    }
}

/// <summary>The query string of a customer look-up.</summary>
public sealed class CustomerLookup
{
    // Blank values are kept as given, so that `?id=` is reported as a blank id rather than as a missing one.
    [FromQuery(Name = "id")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? Id { get; init; }

    [FromQuery(Name = "companyNumber")]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string? CompanyNumber { get; init; }
}
