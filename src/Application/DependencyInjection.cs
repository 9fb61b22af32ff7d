using Alvys.Customers.Application.Behaviors;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomer;
using Alvys.Customers.Application.Customers.Commands.UpsertCustomers;
using Alvys.Customers.Application.Webhooks;
using Alvys.Customers.Domain.Webhooks;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        services.AddSingleton<CustomerUpserter>();
        // The host may set its own (Limits:BatchParallelism); this is the measured default.
        services.TryAddSingleton(new UpsertBatchSettings(UpsertBatchSettings.DefaultParallelism));
        // Webhook deliveries and verifications, sent in the background (AddWebhookSending): the host supplies the body
        // writer, the metrics and its own settings (Webhooks:*); a handler test may put its own queues in first.
        services.TryAddSingleton(WebhookDeliverySettings.Published);
        services.AddSingleton<CustomerEventRecorder>();
        services.AddSingleton<ICustomerChangeHandler>(sp => sp.GetRequiredService<CustomerEventRecorder>());
        services.AddSingleton<WebhookDeliverer>();
        services.AddSingleton<WebhookDeliveryLanes>();
        services.TryAddSingleton<IDeliveryQueue>(sp => sp.GetRequiredService<WebhookDeliveryLanes>());
        services.AddSingleton<WebhookVerificationQueue>();
        services.TryAddSingleton<IWebhookVerifications>(sp => sp.GetRequiredService<WebhookVerificationQueue>());

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

    /// <summary>
    /// Runs the webhook verification queue and the due-delivery poller. Registered by the host after its store's own
    /// start-up (containers created where the service owns them, the change feed started), since the queue's first step
    /// reads the webhooks a stopped process left Pending.
    /// </summary>
    public static IServiceCollection AddWebhookSending(this IServiceCollection services)
    {
        services.AddHostedService(sp => sp.GetRequiredService<WebhookVerificationQueue>());
        services.AddHostedService<WebhookDeliveryPoller>();
        return services;
    }
}
