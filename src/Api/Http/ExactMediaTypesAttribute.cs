using Alvys.Customers.Api.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Net.Http.Headers;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// Accepts a request body only in exactly the listed media types (parameters such as charset aside). MVC's
/// <c>[Consumes]</c> treats any <c>application/*+json</c> as JSON, and so would take an RFC 6902 JSON Patch
/// (<c>application/json-patch+json</c>) for a merge patch — a different document with a different meaning.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ExactMediaTypesAttribute(params string[] mediaTypes) : Attribute, IResourceFilter
{
    /// <summary>The media types taken, as the OpenAPI document lists them.</summary>
    public IReadOnlyList<string> MediaTypes => mediaTypes;

    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var http = context.HttpContext;
        if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            && mediaTypes.Any(m => contentType.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase))
            // RFC 8259 §8.1: JSON between systems is UTF-8; a body declared otherwise is not read at all.
            && (!contentType.Charset.HasValue || contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        context.Result = http.RequestServices.GetRequiredService<ProblemWriter>().Result(
            http, ProblemKind.UnsupportedMediaType, $"Send the body as UTF-8 {string.Join(" or ", mediaTypes)}.");
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
