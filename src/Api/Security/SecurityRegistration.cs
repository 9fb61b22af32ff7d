using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;

namespace Alvys.Customers.Api.Security;

public static class SecurityRegistration
{
    /// <summary>A caller with a tenant, whatever its scopes: for an action that decides by outcome which scope it needs.</summary>
    public const string TenantPolicy = "tenant";

    public static IServiceCollection AddCustomerApiSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.SectionName));
        services.AddHttpContextAccessor();
        services.AddSingleton<TenantAccessor>();

        // Validation parameters come from Authentication:Schemes:Bearer (Authority, ValidAudiences, ValidIssuer,
        // SigningKeys): the section `dotnet user-jwts` writes and Azure app settings can override.
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                // Keep claim names as issued (`scope`, `tenant_id`), not remapped to WS-Federation URIs.
                options.MapInboundClaims = false;
                // Nothing reads the raw token back from the authentication properties; storing it cost a copy per request.
                options.SaveToken = false;
            });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<TimeProvider>((options, time) =>
            {
                ReadSigningKeysOnChange(options, configuration);
                RememberValidatedTokens(options, configuration, time);
            });

        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationHandler, TenantAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        // Every controller action demands a caller with a tenant (Program maps them with TenantPolicy), so an action
        // that forgets its scope policy is still closed. No fallback policy: a path that names no endpoint at all is
        // a 404 for every caller, not a 401 that would tell an anonymous prober nothing true.
        services.AddAuthorizationBuilder()
            .AddScopePolicies()
            .AddPolicy(TenantPolicy, policy => policy.RequireAuthenticatedUser().AddRequirements(new TenantRequirement()));
        return services;
    }

    /// <summary>
    /// <c>Authentication:RememberValidatedTokensSeconds</c> (default 60; 0 turns it off): how long a token
    /// that passed validation is answered from memory. It is also the longest a signing key, issuer or audience
    /// removed from configuration keeps admitting tokens it had already admitted.
    /// </summary>
    private static void RememberValidatedTokens(JwtBearerOptions options, IConfiguration configuration, TimeProvider time)
    {
        var seconds = configuration.GetValue("Authentication:RememberValidatedTokensSeconds", 60.0);
        if (seconds <= 0)
        {
            return;
        }

        var handlers = options.TokenHandlers.ToArray();
        options.TokenHandlers.Clear();
        foreach (var handler in handlers)
        {
            options.TokenHandlers.Add(handler as RememberedTokenHandler ?? new RememberedTokenHandler(handler, TimeSpan.FromSeconds(seconds), time));
        }
    }

    /// <summary>
    /// The framework hands the validation parameters its signing keys (<c>Authentication:Schemes:Bearer:SigningKeys</c>)
    /// as a lazy sequence that reads configuration and decodes every key again each time it is enumerated — once per
    /// request, token remembered or not. They are read here once, and again whenever configuration reloads, so that a
    /// key added later (a development token minted after the API started) is still honoured.
    /// </summary>
    private static void ReadSigningKeysOnChange(JwtBearerOptions options, IConfiguration configuration)
    {
        var parameters = options.TokenValidationParameters;
        if (parameters.IssuerSigningKeys is null or ICollection<SecurityKey>)
        {
            return;
        }

        var source = parameters.IssuerSigningKeys;
        parameters.IssuerSigningKeys = [.. source];
        ChangeToken.OnChange(configuration.GetReloadToken, () => parameters.IssuerSigningKeys = [.. source]);
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
