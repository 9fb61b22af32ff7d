namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>The <c>Cosmos:*</c> configuration section.</summary>
public sealed class CosmosOptions
{
    public const string SectionName = "Cosmos";

    /// <summary>The well-known key of the Cosmos DB emulator, which the bundled local server accepts too.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public string? Endpoint { get; set; }

    /// <summary>Account key; when absent the service authenticates with <c>DefaultAzureCredential</c> (managed identity).</summary>
    public string? Key { get; set; }

    /// <summary>Client id of a user-assigned managed identity, when the credential must pick one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// <c>Direct</c> or <c>Gateway</c>; unset, Direct for a real account and Gateway for an endpoint on this machine.
    /// </summary>
    public Microsoft.Azure.Cosmos.ConnectionMode? ConnectionMode { get; set; }

    public string Database { get; set; } = "alvys";

    public string Container { get; set; } = "customers";

    /// <summary>The container of the tenants' webhooks and their deliveries.</summary>
    public string WebhooksContainer { get; set; } = "webhooks";

    /// <summary>The change feed processor's leases: which replica reads which part of the customers' change feed, and how far.</summary>
    public string LeasesContainer { get; set; } = "leases";

    /// <summary>
    /// How long the SDK waits for one Cosmos response before it gives up on that attempt. Short, because a
    /// partner's request has a deadline of its own (<c>Limits:RequestDeadlineSeconds</c>).
    /// </summary>
    public double RequestTimeoutSeconds { get; set; } = 5;

    /// <summary>Retries of a throttled (429) request inside the SDK before the API answers 503 with Retry-After.</summary>
    public int MaxThrottleRetries { get; set; } = 3;

    /// <summary>The most time spent waiting between those retries, in total.</summary>
    public double MaxThrottleWaitSeconds { get; set; } = 3;

    /// <summary>Create the database and container at start-up when missing. On in Development; in Azure the infrastructure owns them.</summary>
    public bool? InitializeContainer { get; set; }

    /// <summary>
    /// Give customers stored before the name key existed theirs, in the background after start-up (on by default; an
    /// operator may turn it off once a start has logged that it added none).
    /// </summary>
    public bool BackfillNameKeys { get; set; } = true;
}
