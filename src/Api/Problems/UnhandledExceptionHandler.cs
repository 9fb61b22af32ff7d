using Alvys.Customers.Infrastructure.Cosmos;
using Microsoft.AspNetCore.Diagnostics;

namespace Alvys.Customers.Api.Problems;

/// <summary>
/// The last line: whatever escaped a handler becomes a problem without a trace of its cause — the log keeps that. A
/// store that cannot answer now (throttled past the SDK's retries, away) is a 503 with a short Retry-After, like a
/// request that ran out of time (<see cref="ProblemsRegistration"/>'s request timeout).
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

            case var _ when IsStoreUnavailable(exception):
                LogUnavailable(logger, context.Request.Method, context.Request.Path, exception);
                await ProblemsRegistration.WriteStoreUnavailableAsync(context);
                return true;

            default:
                LogUnhandled(logger, exception);
                await problems.WriteAsync(context, ProblemKind.InternalError, "An unexpected error occurred. Quote the traceId when reporting it.");
                return true;
        }
    }

    private static bool IsStoreUnavailable(Exception exception) =>
        exception is CustomerStoreUnavailableException || (exception.InnerException is { } inner && IsStoreUnavailable(inner));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the customer store did not answer")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
