using System.Security.Claims;
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

        // A remembered token is recognised as soon as the request arrives, before the handler cuts the token out of the
        // header, copies its validation parameters and builds its validated context: that path was half of what
        // authentication allocated per request. TokenValidated events ran when the token was validated.
        var remembered = options.TokenHandlers.OfType<RememberedTokenHandler>().ToArray();
        options.Events ??= new JwtBearerEvents();
        var received = options.Events.OnMessageReceived;
        options.Events.OnMessageReceived = context =>
        {
            var earlier = received(context);
            if (!earlier.IsCompletedSuccessfully)
            {
                return RecallAfter(earlier, context, remembered);
            }

            Recall(context, remembered);
            return Task.CompletedTask;
        };
    }

    private static async Task RecallAfter(Task earlier, MessageReceivedContext context, RememberedTokenHandler[] remembered)
    {
        await earlier;
        Recall(context, remembered);
    }

    /// <summary>As the handler reads the header (one <c>Authorization</c>, scheme <c>Bearer</c> in any case, the token trimmed).</summary>
    private static void Recall(MessageReceivedContext context, RememberedTokenHandler[] remembered)
    {
        if (context.Result is not null || context.Token is not null)
        {
            return;
        }

        var authorization = context.Request.Headers.Authorization;
        if (authorization.Count != 1 || authorization[0] is not { } header || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var token = header.AsSpan("Bearer ".Length).Trim();
        foreach (var handler in remembered)
        {
            if (handler.TryRecall(token, out var result))
            {
                // What the handler puts on a validated token's ticket.
                context.Principal = new ClaimsPrincipal(result.ClaimsIdentity);
                context.Properties.ExpiresUtc = SafeDate(result.SecurityToken.ValidTo);
                context.Properties.IssuedUtc = SafeDate(result.SecurityToken.ValidFrom);
                context.Success();
                return;
            }
        }
    }

    private static DateTimeOffset? SafeDate(DateTime value) =>
        value == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));

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
        foreach (var scope in CustomerScopes.Every)
        {
            builder.AddPolicy(scope, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new TenantRequirement(), new ScopeRequirement(scope)));
        }

        return builder;
    }
}
