using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomers;
using Alvys.Customers.Domain.Customers;
using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Http;

/// <summary>A batch upsert: 1 to 100 items, each the writable fields of a customer with its ExternalId.</summary>
[Description("A batch upsert: 1 to 100 items, each the writable fields of a customer with its ExternalId.")]
public sealed record BatchUpsertRequest
{
    [Description("1 to 100 customers, each with its ExternalId.")]
    [Required(ErrorMessage = "Items is required: an array of 1 to 100 upserts.")]
    [MinLength(1, ErrorMessage = "Items must hold 1 to 100 upserts.")]
    [MaxLength(UpsertCustomers.MaxItems, ErrorMessage = "Items must hold 1 to 100 upserts.")]
    public IReadOnlyList<CustomerPatch> Items { get; init; } = [];
}

/// <summary>One item's outcome: the status that item alone would have had, and its problem when it failed.</summary>
public sealed record BatchItemResult(string ExternalId, int Status, string? Id, string? ETag, ProblemDetails? Problem);

/// <summary>The answer to a batch: each item's outcome in request order, as the single upsert of it would have been answered.</summary>
public sealed record BatchUpsertResponse(IReadOnlyList<BatchItemResult> Items)
{
    public static BatchUpsertResponse From(IReadOnlyList<BatchItemUpserted> items, HttpContext context) => new(items.Select(item =>
    {
        if (item.Outcome.IsSuccess)
        {
            var (written, created) = item.Outcome.Value;
            return new BatchItemResult(item.ExternalId, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, written.Customer.Id, written.ETag, null);
        }

        var problem = item.Outcome.Failure!.ProblemDetailsOf(context);
        if (problem is ValidationProblemDetails { Errors: var errors })
        {
            // Written as the batch item's ProblemDetails, whose own members do not include them: the same errors a single
            // upsert of the item would have answered.
            problem.Extensions["errors"] = errors;
        }

        return new BatchItemResult(item.ExternalId, problem.Status ?? StatusCodes.Status500InternalServerError, null, null, problem);
    }).ToArray());
}
