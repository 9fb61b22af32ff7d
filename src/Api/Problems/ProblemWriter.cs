using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.Problems;

/// <summary>The <c>Problems:*</c> configuration section.</summary>
public sealed class ProblemOptions
{
    public const string SectionName = "Problems";

    public string BaseUri { get; set; } = "https://api.alvys.com/problems/";
}

/// <summary>Builds and writes RFC 9457 problem details: one shape for every error the API returns.</summary>
public sealed class ProblemWriter(IOptions<ProblemOptions> options, IProblemDetailsService problemDetails)
{
    public const string ContentType = "application/problem+json";

    public ProblemDetails Create(HttpContext context, ProblemKind kind, string detail, IDictionary<string, string[]>? errors = null)
    {
        ProblemDetails problem = errors is null ? new ProblemDetails() : new ValidationProblemDetails(errors);
        Fill(problem, context, kind, detail);
        return problem;
    }

    /// <summary>Fills the members every problem carries; also applied to problems the framework creates itself.</summary>
    public void Fill(ProblemDetails problem, HttpContext context, ProblemKind kind, string? detail = null)
    {
        problem.Type = options.Value.BaseUri + kind.Name;
        problem.Title = kind.Title;
        problem.Status = kind.Status;
        problem.Detail = detail ?? problem.Detail ?? kind.Title;
        problem.Instance ??= context.Request.Path;
        problem.Extensions["traceId"] = TraceIdOf(context);
    }

    /// <summary>The W3C trace id of this request: what a partner quotes is what the traces are searched by.</summary>
    public static string TraceIdOf(HttpContext context) =>
        Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier;

    /// <summary>A problem as an MVC result: its status, and <c>application/problem+json</c> whatever the action declares.</summary>
    public static ObjectResult AsResult(ProblemDetails problem) =>
        new(problem) { StatusCode = problem.Status, ContentTypes = { ContentType } };

    public ObjectResult Result(HttpContext context, ProblemKind kind, string detail, IDictionary<string, string[]>? errors = null) =>
        AsResult(Create(context, kind, detail, errors));

    public async Task WriteAsync(HttpContext context, ProblemKind kind, string detail, IDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = kind.Status;
        var problem = Create(context, kind, detail, errors);
        await problemDetails.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
