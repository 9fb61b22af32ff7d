using Alvys.Customers.Domain.Customers;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Api.Security;

/// <summary>The caller's tenant, read from the access token; authorization has already proved it is there.</summary>
public sealed class TenantAccessor(IHttpContextAccessor httpContext, IOptions<TenancyOptions> tenancy)
{
    public TenantId Current =>
        httpContext.HttpContext?.User is { } user && user.TryGetTenantId(tenancy.Value.ClaimType, out var tenantId)
            ? tenantId
            : throw new InvalidOperationException("No tenant on this request: the endpoint is missing its authorization policy.");
}
