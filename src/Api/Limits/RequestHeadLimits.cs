using Alvys.Customers.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Alvys.Customers.Api.Limits;

/// <summary>
/// The request line and the headers have limits (8 KiB and 32 KiB, Kestrel's defaults). Kestrel answers a
/// breach of its own limits itself, before any of the service's code runs, with an empty body; so Kestrel is
/// given room above them (<see cref="ServerHeadroomBytes"/>) and the limits are enforced here, where a breach is
/// answered like every other error: 414 or 431 as a problem. Only a request beyond that headroom still gets
/// Kestrel's bare answer.
/// </summary>
public sealed class RequestHeadLimits(RequestDelegate next)
{
    public const int MaxRequestTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int ServerHeadroomBytes = 64 * 1024;

    public static void ConfigureServer(KestrelServerOptions options)
    {
        options.Limits.MaxRequestLineSize = ServerHeadroomBytes;
        options.Limits.MaxRequestHeadersTotalSize = ServerHeadroomBytes;
    }

    // Not async: a request within the limits goes on with no state machine of this middleware around it.
    public Task InvokeAsync(HttpContext context, ProblemWriter problems)
    {
        // Kestrel keeps the request target as sent; a host without it (the test server) has the path and query.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var targetLength = string.IsNullOrEmpty(target) ? (context.Request.Path.Value?.Length ?? 0) + (context.Request.QueryString.Value?.Length ?? 0) : target.Length;
        if (targetLength > MaxRequestTargetBytes)
        {
            return problems.WriteAsync(context, ProblemKind.UriTooLong, $"The request's path and query must be at most {MaxRequestTargetBytes} bytes.");
        }

        if (HeaderBytes(context.Request.Headers) > MaxHeaderBytes)
        {
            return problems.WriteAsync(context, ProblemKind.RequestHeadersTooLarge, $"The request's headers must be at most {MaxHeaderBytes} bytes in all.");
        }

        return next(context);
    }

    /// <summary>As Kestrel counts them: each name and value, plus the separator and line end.</summary>
    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                total += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        return total;
    }
}
