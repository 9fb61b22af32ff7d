using Microsoft.AspNetCore.Diagnostics;

namespace Alvys.Customers.Api.Problems;

/// <summary>
/// The last line: whatever escaped a handler becomes a problem without a trace of its cause — the log
/// keeps that. (A database that is throttling or away is answered earlier, by RequestDeadline.)
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

            default:
                LogUnhandled(logger, exception);
                await problems.WriteAsync(context, ProblemKind.InternalError, "An unexpected error occurred. Quote the traceId when reporting it.");
                return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);
}
