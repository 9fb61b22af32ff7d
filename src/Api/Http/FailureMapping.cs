using Alvys.Customers.Api.Observability;
using Alvys.Customers.Api.Problems;
using Alvys.Customers.Api.Security;
using Alvys.Customers.Domain.Customers;
using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Http;

/// <summary>The one place where an expected failure becomes an HTTP answer: each case of <see cref="CustomerFailure"/>, its status.</summary>
public static class FailureMapping
{
    /// <param name="resource">What the request was about, as the problem's detail names it: <c>customer</c> or <c>webhook</c>.</param>
    public static IActionResult ToProblem(this CustomerFailure failure, HttpContext context, string resource = Customer)
    {
        if (failure is CustomerFailure.WriteContention)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        return ProblemWriter.AsResult(ProblemDetailsOf(failure, context, resource));
    }

    public const string Customer = "customer";
    public const string Webhook = "webhook";

    /// <summary>The problem a failure is answered with, on its own (a batch item carries it in the batch's answer).</summary>
    public static ProblemDetails ProblemDetailsOf(this CustomerFailure failure, HttpContext context, string resource = Customer)
    {
        var writer = context.RequestServices.GetRequiredService<ProblemWriter>();
        var metrics = context.RequestServices.GetRequiredService<CustomerMetrics>();
        var problem = failure switch
        {
            CustomerFailure.NotFound => writer.Create(context, ProblemKind.NotFound, $"No {resource} with that identity exists in your tenant."),
            CustomerFailure.Invalid invalid => writer.Create(
                context,
                ProblemKind.ValidationFailed,
                "One or more fields are not valid; see errors.",
                invalid.Errors
                    .GroupBy(e => e.Identifier ?? string.Empty, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray(), StringComparer.Ordinal)),
            CustomerFailure.Duplicate duplicate => Duplicate(writer, context, duplicate, metrics),
            CustomerFailure.VersionRequired => Precondition(
                writer.Create(context, ProblemKind.PreconditionRequired, "Send If-Match with the ETag of the version you read (or *)."), metrics),
            CustomerFailure.IdempotencyKeyReused reused => writer.Create(
                context, ProblemKind.IdempotencyKeyReused, $"This Idempotency-Key made customer {reused.ExistingCustomerId} from a different request; use a new key for a new customer."),
            CustomerFailure.InvalidCursor => writer.Create(
                context, ProblemKind.InvalidCursor, "The cursor was altered, is not one this service issued, or belongs to another tenant. Start again from the beginning or from now."),
            CustomerFailure.NotPermitted notPermitted => writer.Create(
                context, ProblemKind.Forbidden, $"The access token does not grant the '{ScopeOf(notPermitted.Write)}' scope this request needs: it would {(notPermitted.Write == CustomerWrite.Create ? "create" : "update")} a customer."),
            CustomerFailure.WriteContention => writer.Create(
                context, ProblemKind.WriteContention, $"Other writes to this {resource} kept landing while this change was applied; nothing was written. Retry shortly."),
            CustomerFailure.VersionStale => Precondition(
                writer.Create(context, ProblemKind.PreconditionFailed, $"If-Match does not match the current version: GET the {resource} again, reapply your change, and retry."), metrics),
            CustomerFailure.WebhookLimitReached => writer.Create(
                context, ProblemKind.WebhookLimitReached, $"Your tenant already holds {Domain.Webhooks.Webhook.MaxPerTenant} webhooks, the most it may; delete one first."),
            _ => throw new InvalidOperationException($"No HTTP answer for the failure {failure.Name}."),
        };

        return problem;
    }

    private static ProblemDetails Duplicate(ProblemWriter writer, HttpContext context, CustomerFailure.Duplicate duplicate, CustomerMetrics metrics)
    {
        metrics.Conflict(duplicate.Field.ToString());
        var problem = writer.Create(
            context,
            ProblemKind.DuplicateCustomer,
            $"Customer {duplicate.ExistingCustomerId} already has this {FieldDescription(duplicate.Field)} in your tenant.");
        problem.Extensions["conflictingField"] = duplicate.Field.ToString();
        problem.Extensions["existingCustomerId"] = duplicate.ExistingCustomerId;
        return problem;
    }

    private static ProblemDetails Precondition(ProblemDetails problem, CustomerMetrics metrics)
    {
        metrics.PreconditionFailed(problem.Status!.Value);
        return problem;
    }

    private static string ScopeOf(CustomerWrite write) => write == CustomerWrite.Create ? CustomerScopes.Create : CustomerScopes.Update;

    private static string FieldDescription(UniqueField field) => field switch
    {
        UniqueField.CompanyNumber => "CompanyNumber",
        UniqueField.ExternalId => "ExternalId",
        UniqueField.NameAndBillingZip => "Name and billing ZIP",
        _ => field.ToString(),
    };
}
