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

    public string Database { get; set; } = "alvys";

    public string Container { get; set; } = "customers";

    /// <summary>Create the database and container at start-up when missing. On in Development; in Azure the infrastructure owns them.</summary>
    public bool? InitializeContainer { get; set; }
}
