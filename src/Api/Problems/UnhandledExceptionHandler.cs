using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Azure.Cosmos;

namespace Alvys.Customers.Api.Problems;

/// <summary>
/// The last line: whatever escaped a handler becomes a problem without a trace of its cause — the log
/// keeps that. A database that is throttling or away is the caller's "try again", not a bug.
/// </summary>
internal sealed partial class UnhandledExceptionHandler(ProblemWriter problems, ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                var kind = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ProblemKind.PayloadTooLarge : ProblemKind.ForStatus(bad.StatusCode);
                await problems.WriteAsync(context, kind, "The request could not be read.");
                return true;

            case CosmosException { StatusCode: System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.ServiceUnavailable or System.Net.HttpStatusCode.RequestTimeout }:
            case OperationCanceledException when !context.RequestAborted.IsCancellationRequested:
                LogUnavailable(logger, exception);
                context.Response.Headers.RetryAfter = "5";
                await problems.WriteAsync(context, ProblemKind.ServiceUnavailable, "The customer store is not answering; retry shortly.");
                return true;

            default:
                LogUnhandled(logger, exception);
                await problems.WriteAsync(context, ProblemKind.InternalError, "An unexpected error occurred. Quote the traceId when reporting it.");
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The customer store did not answer")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
