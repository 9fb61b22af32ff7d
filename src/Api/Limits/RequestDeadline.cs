using Alvys.Customers.Api.Problems;
using Alvys.Customers.Infrastructure.Cosmos;

namespace Alvys.Customers.Api.Limits;

/// <summary>
/// Every request gets a deadline (<c>Limits:RequestDeadlineSeconds</c>, default 10): the token handed to
/// handlers and to the Cosmos SDK is cancelled when it passes. A request that runs out of time because the
/// database is slow, away or throttling is answered 503 with a short Retry-After, instead of holding the
/// partner's connection for as long as the SDK would keep retrying.
/// </summary>
public sealed partial class RequestDeadline(RequestDelegate next, IConfiguration configuration, ILogger<RequestDeadline> logger)
{
    public const int RetryAfterSeconds = 5;

    private readonly TimeSpan _deadline = TimeSpan.FromSeconds(configuration.GetValue("Limits:RequestDeadlineSeconds", 10.0));

    public async Task InvokeAsync(HttpContext context, ProblemWriter problems)
    {
        var aborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(_deadline);
        context.RequestAborted = deadline.Token;
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!aborted.IsCancellationRequested && !context.Response.HasStarted && IsDatabaseUnavailable(exception, deadline.Token))
        {
            LogUnavailable(logger, context.Request.Method, context.Request.Path, exception);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await problems.WriteAsync(context, ProblemKind.ServiceUnavailable, "The customer store is not answering in time; retry shortly.");
        }
        finally
        {
            context.RequestAborted = aborted;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the customer store did not answer in time")]
    private static partial void LogUnavailable(ILogger logger, string method, PathString path, Exception exception);

    /// <summary>The deadline passed, or the store said it cannot answer now (throttled, unavailable, timing out).</summary>
    private static bool IsDatabaseUnavailable(Exception exception, CancellationToken deadline) => exception switch
    {
        OperationCanceledException => deadline.IsCancellationRequested,
        CustomerStoreUnavailableException => true,
        _ => exception.InnerException is { } inner && IsDatabaseUnavailable(inner, deadline),
    };
}
