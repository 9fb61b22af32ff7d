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
                writer.Fill(context.ProblemDetails, context.HttpContext, ProblemKind.ForStatus(status), context.ProblemDetails.Detail);
            }

            // The framework's writer puts the whole W3C activity id here; every problem carries the trace id alone.
            context.ProblemDetails.Extensions["traceId"] = ProblemWriter.TraceIdOf(context.HttpContext);
        });

        // PostConfigure: MVC's own setup assigns the default factory when controllers are added.
        services.PostConfigure<ApiBehaviorOptions>(options =>
            options.InvalidModelStateResponseFactory = context => ModelStateProblem.Create(context)!);
        return services;
    }
}
