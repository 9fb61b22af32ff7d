using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;

namespace Alvys.Customers.Api.Http;

/// <summary>How every JSON request body of this API is read: text that is UTF-8 throughout, members in any letter case, each name once.</summary>
public static class RequestJson
{
    /// <summary>
    /// Reads a body with <paramref name="reader"/>. System.Text.Json checks a name or string only when it is read:
    /// bytes that are not UTF-8, or an escaped lone surrogate, throw there, and make the whole body a 400.
    /// </summary>
    public static Outcome<T> Read<T>(JsonElement body, Func<JsonElement, Outcome<T>> reader)
    {
        try
        {
            return reader(body);
        }
        catch (InvalidOperationException) when (body.ValueKind is JsonValueKind.Object)
        {
            return new CustomerFailure.Invalid([CustomerErrors.Field("body", "The request body is not valid UTF-8 JSON.")]);
        }
    }

    /// <summary>
    /// The members of a JSON object by upper-cased name, the first of each. The same name twice (in any case) is
    /// ambiguous: with <paramref name="errors"/>, each repeat is reported there as <paramref name="prefix"/> + its name.
    /// </summary>
    public static Dictionary<string, JsonElement> ByName(JsonElement value, string prefix = "", List<ValidationError>? errors = null)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!members.TryAdd(property.Name.ToUpperInvariant(), property.Value))
            {
                errors?.Add(CustomerErrors.Field(prefix + property.Name, $"'{property.Name}' is given more than once."));
            }
        }

        return members;
    }
}
