using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Alvys.Customers.Domain.Customers;
using Alvys.Customers.Infrastructure.Cosmos;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// A read that fetches some members only: the SELECT list of its query, and how the partial documents it answers are
/// read and turned into customers.
/// </summary>
internal static class CustomerProjectionQuery
{
    /// <summary>
    /// The stored member behind each member partners read, by name: the document's property of the same name, except
    /// ExternalIds (a list on the wire of the one ExternalId stored).
    /// </summary>
    private static readonly Dictionary<string, string> StoredPaths = typeof(CustomerDocument).GetProperties()
        .Where(property => property.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
        .ToDictionary(property => property.Name, property => property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name, StringComparer.Ordinal);

    /// <summary>What every customer read needs to be one: its id, its tenant and the version read.</summary>
    private static readonly string[] AlwaysStored = ["id", "tenantId", "_etag"];

    /// <summary><c>SELECT *</c> for a whole customer; otherwise the members named, and the ones every read needs.</summary>
    public static string Select(CustomerProjection? projection) =>
        projection is null
            ? "SELECT * FROM c"
            : "SELECT " + string.Join(", ", AlwaysStored.Concat(projection.Members.Select(StoredPath)).Distinct(StringComparer.Ordinal).Select(path => "c." + path)) + " FROM c";

    private static string StoredPath(string member) =>
        member == "ExternalIds" ? StoredPaths[nameof(CustomerDocument.ExternalId)]
        : StoredPaths.TryGetValue(member, out var path) ? path
        : throw new ArgumentException($"'{member}' is no member of a customer as partners read it.", nameof(member));

    /// <summary>
    /// Query pages of partial documents: a member the document marks required may be one the projection left out. The
    /// document's own metadata otherwise, compiled as for whole documents.
    /// </summary>
    public static JsonTypeInfo<QueryPage<CustomerDocument>> PartialPage { get; } =
        (JsonTypeInfo<QueryPage<CustomerDocument>>)PartialDocuments().GetTypeInfo(typeof(QueryPage<CustomerDocument>));

    private static JsonSerializerOptions PartialDocuments() => new(CosmosJson.Options)
    {
        TypeInfoResolver = CustomerDocumentJson.Default.WithAddedModifier(static typeInfo =>
        {
            foreach (var property in typeInfo.Properties)
            {
                property.IsRequired = false;
            }
        }),
    };
}
