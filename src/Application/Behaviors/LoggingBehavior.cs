using System.Diagnostics;
using Alvys.Customers.Application.Messaging;
using Ardalis.Result;
using Microsoft.Extensions.Logging;

namespace Alvys.Customers.Application.Behaviors;

/// <summary>One structured line per request with its outcome and duration; nothing of the request's content.</summary>
public sealed partial class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull
    where TResponse : IResult
{
    public async Task<TResponse> Handle(TRequest request, RequestHandlerDelegate<TResponse> next, CancellationToken cancellationToken)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return await next();
        }

        var started = Stopwatch.GetTimestamp();
        var response = await next();
        LogHandled(logger, typeof(TRequest).Name, response.Status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {Request}: {Status} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, ResultStatus status, double elapsedMs);
}
