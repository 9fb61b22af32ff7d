using Alvys.Customers.Api.Observability;
using Alvys.Customers.Api.Problems;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;
using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Http;

/// <summary>The one place where an Application outcome becomes an HTTP answer.</summary>
public static class ResultMapping
{
    public static IActionResult ToProblem(this Ardalis.Result.IResult result, HttpContext context)
    {
        var writer = context.RequestServices.GetRequiredService<ProblemWriter>();
        var problem = result switch
        {
            IDuplicateCustomerOutcome duplicate => Duplicate(writer, context, duplicate),
            IPreconditionOutcome { IsMissing: true } => writer.Create(
                context, ProblemKind.PreconditionRequired, "Send If-Match with the ETag of the version you read (or *)."),
            IPreconditionOutcome => writer.Create(
                context, ProblemKind.PreconditionFailed, "If-Match does not match the current version: GET the customer again, reapply your change, and retry."),
            _ => ByStatus(result, context, writer),
        };

        Count(context.RequestServices.GetRequiredService<CustomerMetrics>(), result, problem.Status);
        return ProblemWriter.AsResult(problem);
    }

    private static void Count(CustomerMetrics metrics, Ardalis.Result.IResult result, int? status)
    {
        if (result is IDuplicateCustomerOutcome duplicate)
        {
            metrics.Conflict(duplicate.Field.ToString());
        }
        else if (result is IPreconditionOutcome)
        {
            metrics.PreconditionFailed(status ?? 0);
        }
    }

    private static ProblemDetails Duplicate(ProblemWriter writer, HttpContext context, IDuplicateCustomerOutcome duplicate)
    {
        var problem = writer.Create(
            context,
            ProblemKind.DuplicateCustomer,
            $"Customer {duplicate.ExistingCustomerId} already has this {FieldDescription(duplicate.Field)} in your tenant.");
        problem.Extensions["conflictingField"] = duplicate.Field.ToString();
        problem.Extensions["existingCustomerId"] = duplicate.ExistingCustomerId;
        return problem;
    }

    private static string FieldDescription(UniqueField field) => field switch
    {
        UniqueField.CompanyNumber => "CompanyNumber",
        UniqueField.ExternalId => "ExternalId",
        UniqueField.NameAndBillingZip => "Name and billing ZIP",
        _ => field.ToString(),
    };

    private static ProblemDetails ByStatus(Ardalis.Result.IResult result, HttpContext context, ProblemWriter writer) =>
        result.Status switch
        {
            ResultStatus.Invalid => writer.Create(
                context,
                ProblemKind.ValidationFailed,
                "One or more fields are not valid; see errors.",
                result.ValidationErrors
                    .GroupBy(e => e.Identifier ?? string.Empty, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray(), StringComparer.Ordinal)),
            ResultStatus.NotFound => writer.Create(context, ProblemKind.NotFound, "No customer with that identity exists in your tenant."),
            ResultStatus.Forbidden => writer.Create(context, ProblemKind.Forbidden, "The caller is not allowed to do this."),
            ResultStatus.Unavailable => writer.Create(context, ProblemKind.ServiceUnavailable, "The service is temporarily unavailable; retry shortly."),
            _ => throw new InvalidOperationException($"No HTTP mapping for an unsuccessful result with status {result.Status}."),
        };
}
