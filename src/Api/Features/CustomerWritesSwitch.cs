using Alvys.Customers.Api.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.Mvc;

namespace Alvys.Customers.Api.Features;

/// <summary>
/// The kill switch for customer writes: feature flag <c>FeatureManagement:CustomerWrites</c>, on unless configured
/// off. Off, POST/PATCH/DELETE answer 503 with <c>Retry-After: 3600</c> and reads go on. The flag is read per
/// request from configuration, so flipping it (app settings, a reloaded file) takes effect without a restart.
/// </summary>
public static class CustomerWritesSwitch
{
    public const string FeatureName = "CustomerWrites";
    public const string RetryAfterSeconds = "3600";

    public static IServiceCollection AddCustomerWritesSwitch(this IServiceCollection services, IConfigurationBuilder configuration)
    {
        // Default on: the lowest-precedence source says so, and any configured value overrides it.
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = [new($"FeatureManagement:{FeatureName}", "true")],
        });
        services.AddFeatureManagement().UseDisabledFeaturesHandler(new WritesDisabledHandler());
        return services;
    }

    private sealed class WritesDisabledHandler : IDisabledFeaturesHandler
    {
        public Task HandleDisabledFeatures(IEnumerable<string> features, ActionExecutingContext context)
        {
            var http = context.HttpContext;
            http.Response.Headers.RetryAfter = RetryAfterSeconds;
            context.Result = http.RequestServices.GetRequiredService<ProblemWriter>().Result(
                http, ProblemKind.EndpointDisabled, "Customer writes are temporarily disabled; reads remain available. Retry later.");
            return Task.CompletedTask;
        }
    }
}

/// <summary>Gates a write action on <see cref="CustomerWritesSwitch"/>, ahead of body validation.</summary>
public sealed class CustomerWritesGateAttribute : FeatureGateAttribute
{
    public CustomerWritesGateAttribute()
        : base(CustomerWritesSwitch.FeatureName) =>
        // Before the model-state filter (-2000): a disabled endpoint says so whatever the body holds.
        Order = -3000;
}
