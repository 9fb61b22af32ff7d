using System.Diagnostics;
using Alvys.Customers.Domain.Customers;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Alvys.Customers.Application.Behaviors;

/// <summary>One structured line per request with its outcome (the failure's case by name) and duration; nothing of the request's content.</summary>
public sealed partial class LoggingBehavior<TRequest, TResponse>(ILogger<LoggingBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, IMessage
    where TResponse : IOutcome<TResponse>
{
    // Without Debug logging the request passes straight through: no state machine of this behaviour per request.
    public ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken) =>
        logger.IsEnabled(LogLevel.Debug) ? HandleLogged(request, next, cancellationToken) : next(request, cancellationToken);

    private async ValueTask<TResponse> HandleLogged(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(request, cancellationToken);
        LogHandled(logger, typeof(TRequest).Name, response.Failure?.Name ?? "Success", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {Request}: {Outcome} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string request, string outcome, double elapsedMs);
}
