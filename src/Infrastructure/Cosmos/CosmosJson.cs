using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Alvys.Customers.Infrastructure.Customers;

namespace Alvys.Customers.Infrastructure.Cosmos;

public static class CosmosJson
{
    /// <summary>
    /// Document members carry explicit names; nulls are left out so absent stays absent. The repository's own
    /// types come from source-generated metadata; anything else the SDK serializes with these options (query
    /// parameters) falls back to reflection.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CustomerDocumentJson.Default, new DefaultJsonTypeInfoResolver()),
    };
}
