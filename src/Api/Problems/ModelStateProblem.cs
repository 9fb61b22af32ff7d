using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Problems;

/// <summary>Binding failures (malformed JSON, a wrong JSON type) as ValidationFailed problems keyed by field.</summary>
internal static class ModelStateProblem
{
    public static IActionResult Create(ActionContext context)
    {
        // Several model-state keys can name one field ("$" and the body parameter both mean the body).
        var errors = context.ModelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .GroupBy(entry => FieldName(entry.Key), StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                // Framework messages can quote parser internals; say what is wrong in the partner's terms.
                group => group.SelectMany(entry => entry.Value!.Errors)
                    .Select(e => e.Exception is null && !string.IsNullOrEmpty(e.ErrorMessage) ? Sanitize(e.ErrorMessage) : InvalidJson)
                    .Distinct()
                    .ToArray(),
                StringComparer.Ordinal);

        var writer = context.HttpContext.RequestServices.GetRequiredService<ProblemWriter>();
        return writer.Result(context.HttpContext, ProblemKind.ValidationFailed, "The request body or parameters could not be read.", errors);
    }

    /// <summary>"$.Name" → "Name"; the document itself ("$", or the body parameter) → "body".</summary>
    private static string FieldName(string key)
    {
        var trimmed = key.TrimStart('$', '.');
        return trimmed.Length == 0 ? "body" : trimmed;
    }

    private static string Sanitize(string message) =>
        message.Contains("System.", StringComparison.Ordinal) || message.Contains("Path:", StringComparison.Ordinal)
            ? InvalidJson
            : message;

    private const string InvalidJson = "The request body is not valid JSON, or a value in it has the wrong JSON type.";
}
