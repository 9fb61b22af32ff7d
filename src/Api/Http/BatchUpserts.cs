using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomer;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.Http;

/// <summary>A batch upsert: 1 to 100 items, each the writable fields of a customer with its ExternalId.</summary>
[Description("A batch upsert: 1 to 100 items, each the writable fields of a customer with its ExternalId.")]
public sealed record BatchUpsertRequest
{
    public const int MaxItems = 100;

    [Description("1 to 100 customers, each with its ExternalId.")]
    [Required(ErrorMessage = "Items is required: an array of 1 to 100 upserts.")]
    [MinLength(1, ErrorMessage = "Items must hold 1 to 100 upserts.")]
    [MaxLength(MaxItems, ErrorMessage = "Items must hold 1 to 100 upserts.")]
    public IReadOnlyList<CustomerPatch> Items { get; init; } = [];

    /// <summary>
    /// The items by the ExternalId each names, or why the batch is refused whole: an item without a non-blank
    /// ExternalId, or an ExternalId twice (trimmed, case-insensitive). What an item's other fields say is its own business.
    /// </summary>
    public Outcome<IReadOnlyList<(string ExternalId, CustomerPatch Patch)>> Named()
    {
        var errors = new List<ValidationError>();
        var named = new List<(string, CustomerPatch)>(Items.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < Items.Count; index++)
        {
            var field = $"Items[{index}].ExternalId";
            if (Items[index] is not { ExternalId.HasValue: true } item || PartnerText.Clean(item.ExternalId.Value) is not { } externalId)
            {
                errors.Add(CustomerErrors.Field(field, "Each item must be an object with a non-blank ExternalId."));
            }
            else if (!seen.TryAdd(Domain.Customers.ExternalId.Normalize(externalId), index))
            {
                errors.Add(CustomerErrors.Field(field, $"ExternalId '{externalId}' is also item {seen[Domain.Customers.ExternalId.Normalize(externalId)]}: each ExternalId once per batch."));
            }
            else
            {
                named.Add((externalId, item));
            }
        }

        return errors.Count > 0 ? new CustomerFailure.Invalid(errors) : named;
    }
}

/// <summary>One item's outcome: the status that item alone would have had, and its problem when it failed.</summary>
public sealed record BatchItemResult(string ExternalId, int Status, string? Id, string? ETag, ProblemDetails? Problem);

public sealed record BatchUpsertResponse(IReadOnlyList<BatchItemResult> Items);

/// <summary>
/// Runs a batch of upserts: each item through the same command as a single upsert, a bounded number at a time
/// (<c>Limits:BatchParallelism</c>), answers in request order. A batch costs the client's and the tenant's buckets
/// one token per started ten items; the rate limiter took the first one on the way in.
/// </summary>
public sealed class BatchUpserts(ISender sender, IOptions<RateLimiterOptions> rateLimiter, IConfiguration configuration)
{
    public const int ItemsPerToken = 10;

    /// <summary>Chosen from a measurement (docs/PERFORMANCE.md): beyond it a batch of 100 got no faster here.</summary>
    public const int DefaultParallelism = 4;

    private readonly int _parallelism = Math.Max(1, configuration.GetValue("Limits:BatchParallelism", DefaultParallelism));

    /// <summary>Takes the rest of the batch's tokens; when the buckets lack them, answers the 429 the rate limiter would.</summary>
    public async Task<bool> TrySpendAsync(HttpContext context, int items, CancellationToken cancellationToken)
    {
        var extra = ((items + ItemsPerToken - 1) / ItemsPerToken) - 1;
        if (extra <= 0 || rateLimiter.Value.GlobalLimiter is not { } limiter)
        {
            return true;
        }

        using var lease = await limiter.AcquireAsync(context, extra, cancellationToken);
        if (lease.IsAcquired)
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (rateLimiter.Value.OnRejected is { } reject)
        {
            await reject(new OnRejectedContext { HttpContext = context, Lease = lease }, cancellationToken);
        }

        return false;
    }

    public async Task<BatchUpsertResponse> RunAsync(
        HttpContext context, TenantId tenant, IReadOnlyList<(string ExternalId, CustomerPatch Patch)> items, UpsertPermissions permissions, CancellationToken cancellationToken)
    {
        var results = new BatchItemResult[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var (externalId, patch) = items[index];
                var outcome = await sender.Send(new UpsertCustomer(tenant, externalId, patch, IfMatch.Missing, CreateOnly: false, permissions), token);
                results[index] = outcome.IsSuccess
                    ? new BatchItemResult(externalId, outcome.Value.Created ? 201 : 200, outcome.Value.Written.Customer.Id, outcome.Value.Written.ETag, null)
                    : Failed(context, externalId, outcome.Failure!);
            });
        return new BatchUpsertResponse(results);
    }

    private static BatchItemResult Failed(HttpContext context, string externalId, CustomerFailure failure)
    {
        var problem = failure.ProblemDetailsOf(context);
        return new BatchItemResult(externalId, problem.Status ?? 500, null, null, problem);
    }
}
