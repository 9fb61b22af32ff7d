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

    /// <summary>
    /// A StackExchange.Redis connection string (<c>host:port,password=…</c>): the buckets live there, shared by every
    /// replica. Empty, and no <see cref="RedisEndpoint"/>: each replica keeps its own (one replica, Development).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>In Azure: the Redis host:port, reached over TLS with an Entra ID token of the managed identity (no key).</summary>
    public string? RedisEndpoint { get; set; }

    /// <summary>The Redis user an Entra ID token authenticates as: the managed identity's object (principal) id.</summary>
    public string? RedisUser { get; set; }

    /// <summary>The client id of the user-assigned managed identity whose token is used; empty for the default identity.</summary>
    public string? RedisManagedIdentityClientId { get; set; }

    /// <summary>Prepended to every bucket's key, so that services sharing one Redis keep their buckets apart.</summary>
    public string RedisKeyPrefix { get; set; } = "alvys-customers:";

    /// <summary>
    /// How many replicas may run (the Container App's maximum). While Redis is unreachable a replica limits on its own
    /// with the published limits divided by this, so that all of them together stay within the published limits.
    /// </summary>
    public int Replicas { get; set; } = 1;
}
