using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomer;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.Http;

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
        HttpContext context, TenantId tenant, IReadOnlyList<BatchItem> items, UpsertPermissions permissions, CancellationToken cancellationToken)
    {
        var results = new BatchItemResult[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var item = items[index];
                var outcome = await sender.Send(new UpsertCustomer(tenant, item.ExternalId, item.Patch, IfMatch.Missing, CreateOnly: false, permissions), token);
                results[index] = outcome.IsSuccess
                    ? new BatchItemResult(item.ExternalId, outcome.Value.Created ? 201 : 200, outcome.Value.Written.Customer.Id, outcome.Value.Written.ETag, null)
                    : Failed(context, item.ExternalId, outcome.Failure!);
            });
        return new BatchUpsertResponse(results);
    }

    private static BatchItemResult Failed(HttpContext context, string externalId, CustomerFailure failure)
    {
        var problem = failure.ProblemDetailsOf(context);
        return new BatchItemResult(externalId, problem.Status ?? 500, null, null, problem);
    }
}
