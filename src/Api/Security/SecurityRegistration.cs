using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Alvys.Customers.Api.Security;

public static class SecurityRegistration
{
    public static IServiceCollection AddCustomerApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.SectionName));
        services.AddHttpContextAccessor();
        services.AddScoped<TenantAccessor>();

        // Validation parameters come from Authentication:Schemes:Bearer (Authority, ValidAudiences, ValidIssuer,
        // SigningKeys): the section `dotnet user-jwts` writes and Azure app settings can override.
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // Keep claim names as issued (`scope`, `tenant_id`), not remapped to WS-Federation URIs.
                options.MapInboundClaims = false;
            });

        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, TenantAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            // An endpoint that forgets its policy still demands a caller with a tenant.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new TenantRequirement()).Build())
            .AddScopePolicies();
        return services;
    }

    private static AuthorizationBuilder AddScopePolicies(this AuthorizationBuilder builder)
    {
        foreach (var scope in CustomerScopes.All)
        {
            builder.AddPolicy(scope, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new TenantRequirement(), new ScopeRequirement(scope)));
        }

        return builder;
    }
}
