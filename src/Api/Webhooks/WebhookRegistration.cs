using Alvys.Customers.Application;
using Alvys.Customers.Application.Webhooks;

namespace Alvys.Customers.Api.Webhooks;

public static class WebhookRegistration
{
    /// <summary>
    /// The subscription resource's services. <c>Webhooks:AllowLoopbackTargets</c> opens loopback to webhooks, which only
    /// a developer's machine may do: anywhere else the API refuses to start with it.
    /// </summary>
    public static IServiceCollection AddCustomerWebhooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var allowLoopback = configuration.GetValue<bool>("Webhooks:AllowLoopbackTargets");
        if (allowLoopback && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Webhooks:AllowLoopbackTargets is set in the '{environment.EnvironmentName}' environment: it is for Development only, where it lets webhooks reach this machine.");
        }

        services.AddSingleton(new WebhookTargets(allowLoopback));
        services.AddWebhookSecretProtection(configuration);
        var delivery = configuration.GetSection(Infrastructure.Webhooks.WebhookOptions.SectionName).Get<Infrastructure.Webhooks.WebhookOptions>()
            ?? new Infrastructure.Webhooks.WebhookOptions();
        services.AddSingleton(new WebhookDeliverySettings(delivery.ParsedRetryDelays(), delivery.Timeout, delivery.DisableAfterConsecutiveFailures)
        {
            DeliversHere = delivery.Enabled,
            PollInterval = delivery.PollInterval,
        });
        services.AddSingleton<IEventBodyWriter, EventBodyWriter>();
        services.AddSingleton<IDeliveryMetrics, Observability.WebhookMetrics>();
        services.AddWebhookSending();
        return services;
    }
}
