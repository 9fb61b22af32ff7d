using Alvys.Customers.Api.Problems;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// An <c>If-Match</c> or <c>If-None-Match</c> that is not an entity-tag list (<c>"abc</c>, <c>"a" "b"</c>) is refused
/// with a 400 naming the header. Taken as a tag it would match no version, and a 412 would tell the partner to read
/// again and retry — which can never succeed while the header is malformed. A well-formed stale tag stays 412.
/// </summary>
public sealed class WellFormedConditions(ProblemWriter problems) : IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var headers = context.HttpContext.Request.Headers;
        Dictionary<string, string[]>? errors = null;
        if (!EntityTags.IsWellFormed(headers.IfMatch))
        {
            (errors ??= new(StringComparer.Ordinal))[HeaderNames.IfMatch] =
                ["If-Match must be * or a comma-separated list of quoted entity-tags, as the ETag header gives them (\"…\")."];
        }

        if (!EntityTags.IsWellFormed(headers.IfNoneMatch))
        {
            (errors ??= new(StringComparer.Ordinal))[HeaderNames.IfNoneMatch] =
                ["If-None-Match must be * or a comma-separated list of quoted entity-tags, as the ETag header gives them (\"…\")."];
        }

        if (errors is not null)
        {
            context.Result = problems.Result(context.HttpContext, ProblemKind.ValidationFailed, "A conditional header is not an entity-tag list; send the ETag exactly as it was received.", errors);
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
