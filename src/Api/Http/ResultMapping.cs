using Alvys.Customers.Api.Problems;
using Ardalis.Result;
using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Http;

/// <summary>The one place where an Application outcome becomes an HTTP answer.</summary>
public static class ResultMapping
{
    public static IActionResult ToProblem(this Ardalis.Result.IResult result, HttpContext context)
    {
        var writer = context.RequestServices.GetRequiredService<ProblemWriter>();
        var problem = result.Status switch
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

        return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { ProblemWriter.ContentType } };
    }
}
