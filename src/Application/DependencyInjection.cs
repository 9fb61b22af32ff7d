using Alvys.Customers.Application.Behaviors;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers the mediator (source-generated from this assembly's handlers), every validator and the pipeline.
    /// Handlers, validators and behaviours are stateless and depend only on singletons, so they are singletons
    /// too: a request resolves nothing from its scope on the way through, which was a measurable share of a
    /// point read's allocations.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);

        // Read by Mediator's source generator at compile time: the options must stay literal here.
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.Assemblies = [typeof(DependencyInjection)];
            // Outermost first: the log line covers validation failures too.
            options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
        });

        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}
