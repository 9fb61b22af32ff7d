using System.Security.Claims;
using Alvys.Customers.Domain.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.Security;

/// <summary>The token must grant <see cref="Scope"/>.</summary>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>The token must name the caller's tenant: without it no customer can be confined to anyone.</summary>
public sealed record TenantRequirement : IAuthorizationRequirement;

internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    // `scope` is a space-separated string in RFC 8693 / 9068 tokens and an array in `dotnet user-jwts`
    // tokens (one claim per element after parsing); Azure AD uses `scp`; Auth0 uses `permissions`.
    private static readonly string[] ScopeClaimTypes = ["scope", "scp", "permissions"];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (HasScope(context.User, requirement.Scope))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"The access token does not grant the '{requirement.Scope}' scope."));
        }

        return Task.CompletedTask;
    }

    public static bool HasScope(ClaimsPrincipal user, string scope)
    {
        foreach (var claim in user.Claims)
        {
            if (Array.IndexOf(ScopeClaimTypes, claim.Type) < 0)
            {
                continue;
            }

            foreach (var granted in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(granted, scope, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

internal sealed class TenantAuthorizationHandler(IOptions<TenancyOptions> tenancy) : AuthorizationHandler<TenantRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRequirement requirement)
    {
        if (context.User.TryGetTenantId(tenancy.Value.ClaimType, out _))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"The access token carries no valid '{tenancy.Value.ClaimType}' claim."));
        }

        return Task.CompletedTask;
    }
}

public static class TenantClaims
{
    public static bool TryGetTenantId(this ClaimsPrincipal user, string claimType, out TenantId tenantId)
    {
        tenantId = default;
        var claims = user.FindAll(claimType).ToArray();
        // Two tenant claims would make the tenant ambiguous: refuse rather than pick one.
        return claims.Length == 1 && TenantId.TryCreate(claims[0].Value, out tenantId);
    }
}
