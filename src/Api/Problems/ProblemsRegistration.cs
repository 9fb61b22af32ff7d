using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;

namespace Alvys.Customers.Api.Problems;

public static class ProblemsRegistration
{
    public static IServiceCollection AddCustomerApiProblems(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ProblemOptions>().Bind(configuration.GetSection(ProblemOptions.SectionName));
        services.AddSingleton<ProblemWriter>();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Problems the framework makes on its own (unmatched route, 405, body limits) get our type and traceId.
            if (context.ProblemDetails.Type is null || context.ProblemDetails.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                var writer = context.HttpContext.RequestServices.GetRequiredService<ProblemWriter>();
                var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
                writer.Fill(context.ProblemDetails, context.HttpContext, ProblemKind.ForStatus(status), context.ProblemDetails.Detail ?? FrameworkDetail(context.HttpContext, status));
            }

            // The framework's writer puts the whole W3C activity id here; every problem carries the trace id alone.
            context.ProblemDetails.Extensions["traceId"] = ProblemWriter.TraceIdOf(context.HttpContext);
        });

        // Every request has a deadline (Limits:RequestDeadlineSeconds): the token handed to handlers and to the Cosmos SDK is
        // cancelled when it passes, and a request that ran out of time — the store slow, away or throttling — is answered
        // 503 with a short Retry-After instead of holding the partner's connection while the SDK keeps retrying.
        services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(configuration.GetValue("Limits:RequestDeadlineSeconds", 10.0)),
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = WriteStoreUnavailableAsync,
        });

        // PostConfigure: MVC's own setup assigns the default factory when controllers are added.
        services.PostConfigure<ApiBehaviorOptions>(options =>
            options.InvalidModelStateResponseFactory = context => ModelStateProblem.Create(context)!);
        return services;
    }

    /// <summary>
    /// What to do about a problem the framework answers without a detail of its own: said in other words than its title,
    /// which the detail would otherwise repeat.
    /// </summary>
    private static string? FrameworkDetail(HttpContext context, int status)
    {
        var request = $"{context.Request.Method} {context.Request.Path}";
        return status switch
        {
            StatusCodes.Status404NotFound => $"No operation answers {request}: the operations are listed in /openapi/v1.json and at /docs.",
            StatusCodes.Status405MethodNotAllowed => context.Response.Headers.Allow is { Count: > 0 } allow
                ? $"{context.Request.Method} is not an operation of {context.Request.Path}; it takes {allow} (the Allow header)."
                : $"{context.Request.Method} is not an operation of {context.Request.Path}; the Allow header lists the ones it takes.",
            StatusCodes.Status406NotAcceptable => "The API answers application/json and application/problem+json only: send an Accept header that admits one of them.",
            _ => null,
        };
    }

    public const int RetryAfterSeconds = 5;

    /// <summary>The answer when the customer store did not answer in time: 503, a short Retry-After, a problem saying so.</summary>
    public static Task WriteStoreUnavailableAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return context.RequestServices.GetRequiredService<ProblemWriter>()
            .WriteAsync(context, ProblemKind.ServiceUnavailable, "The customer store is not answering in time; retry shortly.");
    }
}
