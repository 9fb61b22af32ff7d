namespace Alvys.Customers.Api.Security;

/// <summary>The OAuth2 scopes partners are granted per client credential; each is also the name of its policy.</summary>
public static class CustomerScopes
{
    public const string Read = "customer:read";
    public const string Create = "customer:create";
    public const string Update = "customer:update";
    public const string Delete = "customer:delete";

    public static readonly IReadOnlyList<string> All = [Read, Create, Update, Delete];

    /// <summary>Every scope the API knows, each a policy: the customer scopes and the webhook scopes.</summary>
    public static readonly IReadOnlyList<string> Every = [.. All, WebhookScopes.Read, WebhookScopes.Manage];

    /// <summary>Whether the caller's token grants <paramref name="scope"/> (in <c>scope</c>, <c>scp</c> or <c>permissions</c>).</summary>
    public static bool IsGranted(System.Security.Claims.ClaimsPrincipal user, string scope) => ScopeAuthorizationHandler.HasScope(user, scope);
}

/// <summary>The scopes of the webhook subscriptions: reading them, and everything else.</summary>
public static class WebhookScopes
{
    public const string Read = "webhook:read";
    public const string Manage = "webhook:manage";
}
