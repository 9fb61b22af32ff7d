namespace Alvys.Customers.Api.Security;

/// <summary>The <c>Tenancy:*</c> configuration section.</summary>
public sealed class TenancyOptions
{
    public const string SectionName = "Tenancy";

    /// <summary>The access-token claim that names the caller's tenant.</summary>
    public string ClaimType { get; set; } = "tenant_id";
}
