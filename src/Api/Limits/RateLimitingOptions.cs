namespace Alvys.Customers.Api.Limits;

/// <summary>The <c>RateLimiting:*</c> configuration section. Defaults are the limits Alvys publishes.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests per second for one client (<c>azp</c> ?? <c>client_id</c> ?? <c>sub</c>).</summary>
    public int PermitsPerClientPerSecond { get; set; } = 10;

    /// <summary>Requests per second for all clients of one tenant together.</summary>
    public int PermitsPerTenantPerSecond { get; set; } = 50;
}
