using System.Text.Json.Serialization;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// Compile-time serialization metadata for everything the repository reads from and writes to Cosmos: no
/// reflection on first use, and the writer's fast path for documents. Options mirror <see cref="Cosmos.CosmosJson"/>.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomerDocument))]
[JsonSerializable(typeof(QueryPage<CustomerDocument>))]
[JsonSerializable(typeof(QueryPage<KeyHolder>))]
[JsonSerializable(typeof(QueryPage<int>))]
[JsonSerializable(typeof(QueryPage<NameKeyGap>))]
internal sealed partial class CustomerDocumentJson : JsonSerializerContext;
