using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.OpenApi;

/// <summary>
/// The token URL the document names: the <c>token_endpoint</c> of the configured authority's OpenID configuration
/// (<c>Authentication:Schemes:Bearer:Authority</c>), read through the bearer handler's own configuration manager, which
/// fetches it once and keeps it (the same document its signing keys come from). Without an authority (Development, where
/// <c>dotnet user-jwts</c> mints the tokens) there is no token endpoint to name, and the document says how to mint one.
/// </summary>
internal static class TokenEndpoint
{
    /// <summary>What the document names when no authority is configured: the Entra ID endpoint for any organisation.</summary>
    public static readonly Uri WithoutAuthority = new("https://login.microsoftonline.com/organizations/oauth2/v2.0/token");

    public const string DevelopmentTokens =
        " No authority is configured here: mint a development token with `dotnet user-jwts create --project src/Api --scope customer:read --claim tenant_id=<tenant>`.";

    public static async Task<(Uri Url, string? Note)> ResolveAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var bearer = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        if (string.IsNullOrEmpty(bearer.Authority) || bearer.ConfigurationManager is null)
        {
            return (WithoutAuthority, DevelopmentTokens);
        }

        try
        {
            var configuration = await bearer.ConfigurationManager.GetConfigurationAsync(cancellationToken);
            if (Uri.TryCreate(configuration.TokenEndpoint, UriKind.Absolute, out var endpoint))
            {
                return (endpoint, null);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The document is still answered: it names the authority, whose OpenID configuration lists the endpoint.
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TokenEndpoint))
                .LogWarning(exception, "The authority's OpenID configuration could not be read for the document's token URL");
        }

        return (new Uri(bearer.Authority), $" The token endpoint is the token_endpoint of {bearer.Authority}'s OpenID configuration (.well-known/openid-configuration).");
    }
}
