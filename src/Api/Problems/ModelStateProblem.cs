using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Problems;

/// <summary>Binding failures (malformed JSON, a wrong JSON type) as ValidationFailed problems keyed by field.</summary>
internal static class ModelStateProblem
{
    public static IActionResult Create(ActionContext context)
    {
        var errors = context.ModelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .ToDictionary(
                entry => string.IsNullOrEmpty(entry.Key) ? "body" : entry.Key.TrimStart('$', '.'),
                // Framework messages can quote parser internals; say what is wrong in the partner's terms.
                entry => entry.Value!.Errors.Select(e => e.Exception is null && !string.IsNullOrEmpty(e.ErrorMessage)
                    ? Sanitize(e.ErrorMessage)
                    : "The value is not valid JSON of the expected type.").ToArray());

        var writer = context.HttpContext.RequestServices.GetRequiredService<ProblemWriter>();
        var problem = writer.Create(context.HttpContext, ProblemKind.ValidationFailed, "The request body or parameters could not be read.", errors);
        return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { ProblemWriter.ContentType } };
    }

    private static string Sanitize(string message) =>
        message.Contains("System.", StringComparison.Ordinal) || message.Contains("Path:", StringComparison.Ordinal)
            ? "The value is not valid JSON of the expected type."
            : message;
}
