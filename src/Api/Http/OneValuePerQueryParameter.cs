using Alvys.Customers.Api.Problems;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// A query parameter given twice (<c>?companyNumber=A&amp;companyNumber=B</c>) is refused with a 400 naming it:
/// no parameter of this API takes a list, and silently taking the first value would answer a question the
/// partner did not ask.
/// </summary>
public sealed class OneValuePerQueryParameter(ProblemWriter problems) : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var (name, values) in context.HttpContext.Request.Query)
        {
            if (values.Count > 1)
            {
                (errors ??= new(StringComparer.Ordinal))[name] = [$"'{name}' is given {values.Count} times; give it once."];
            }
        }

        if (errors is not null)
        {
            context.Result = problems.Result(context.HttpContext, ProblemKind.ValidationFailed, "A query parameter is given more than once.", errors);
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
