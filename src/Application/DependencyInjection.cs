using Alvys.Customers.Application.Behaviors;
using Alvys.Customers.Application.Messaging;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace Alvys.Customers.Application;

public static class DependencyInjection
{
    /// <summary>Registers the dispatcher, every handler and validator of this assembly, and the pipeline.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddScoped<ISender, Sender>();
        services.AddSingleton(TimeProvider.System);

        var assembly = typeof(DependencyInjection).Assembly;
        foreach (var type in assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface || type.IsGenericTypeDefinition)
            {
                continue;
            }

            foreach (var contract in type.GetInterfaces())
            {
                if (contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IRequestHandler<,>))
                {
                    services.AddScoped(contract, type);
                }
            }
        }

        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);

        // Outermost first: the log line covers validation failures too.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        return services;
    }
}
