using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alvys.Customers.Infrastructure.Cosmos;

public static class CosmosJson
{
    /// <summary>Document members carry explicit names; nulls are left out so absent stays absent.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
