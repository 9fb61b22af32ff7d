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
    // tokens (one claim per element after parsing); Azure AD uses `scp` for delegated tokens and `roles` (app roles)
    // for client-credential tokens, the flow partners use; Auth0 uses `permissions`.
    private static readonly string[] ScopeClaimTypes = ["scope", "scp", "permissions", "roles"];

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

            // Space-separated, compared in place: no array and no string per request.
            foreach (var granted in claim.Value.AsSpan().Split(' '))
            {
                if (claim.Value.AsSpan(granted).SequenceEqual(scope))
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
        Claim? tenant = null;
        foreach (var identity in user.Identities)
        {
            foreach (var claim in identity.Claims)
            {
                // Claim names match exactly, as JWT names them (RFC 7519) and as the token handler's identity finds them.
                if (!string.Equals(claim.Type, claimType, StringComparison.Ordinal))
                {
                    continue;
                }

                // Two tenant claims would make the tenant ambiguous: refuse rather than pick one.
                if (tenant is not null)
                {
                    return false;
                }

                tenant = claim;
            }
        }

        return tenant is not null && TenantId.TryCreate(tenant.Value, out tenantId);
    }
}
