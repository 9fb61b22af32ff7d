using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;

namespace Alvys.Customers.Application.Customers;

/// <summary>
/// RFC 7396 JSON Merge Patch over a customer's writable fields: a member present replaces, <c>null</c> removes,
/// an absent member leaves the field alone, <c>BillingAddress</c> merges member by member, arrays replace whole.
/// Member names match in any letter case; members that are not writable fields are ignored; a value of the
/// wrong JSON type is reported against its field. A create is this patch applied to no fields at all.
/// </summary>
public static class CustomerMergePatch
{
    public static readonly CustomerFields NoFields = new();

    public static Result<CustomerFields> Apply(CustomerFields target, JsonElement patch)
    {
        try
        {
            return ApplyMembers(target, patch);
        }
        catch (InvalidOperationException) when (patch.ValueKind is JsonValueKind.Object)
        {
            // System.Text.Json checks UTF-8 only when a name or string is read: bytes that are not UTF-8 end up here.
            return Result.Invalid(CustomerErrors.Field("body", "The request body is not valid UTF-8 JSON."));
        }
    }

    private static Result<CustomerFields> ApplyMembers(CustomerFields target, JsonElement patch)
    {
        var errors = new List<ValidationError>();
        if (patch.ValueKind != JsonValueKind.Object)
        {
            return Result.Invalid(CustomerErrors.Field("body", "The request body must be a JSON object."));
        }

        var members = Members(patch, prefix: string.Empty, errors);
        var result = target;
        foreach (var (name, value) in members)
        {
            result = name switch
            {
                "NAME" => result with { Name = ReadString(value, "Name", errors, result.Name) },
                "TYPE" => result with { Type = ReadString(value, "Type", errors, result.Type) },
                "COMPANYNUMBER" => result with { CompanyNumber = ReadString(value, "CompanyNumber", errors, result.CompanyNumber) },
                "STATUS" => result with { Status = ReadString(value, "Status", errors, result.Status) },
                "FAX" => result with { Fax = ReadString(value, "Fax", errors, result.Fax) },
                "EXTERNALID" => result with { ExternalId = ReadString(value, "ExternalId", errors, result.ExternalId) },
                "EMAIL" => result with { Email = ReadStrings(value, "Email", Customer.MaxEmails, errors, result.Email) },
                "PHONE" => result with { Phone = ReadStrings(value, "Phone", Customer.MaxPhones, errors, result.Phone) },
                "BILLINGADDRESS" => result with { BillingAddress = MergeAddress(result.BillingAddress, value, errors) },
                _ => result,
            };
        }

        return errors.Count > 0 ? Result.Invalid(errors) : result;
    }

    /// <summary>Members by upper-cased name; the same name twice (in any case) is ambiguous and refused.</summary>
    private static Dictionary<string, JsonElement> Members(JsonElement value, string prefix, List<ValidationError> errors)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var key = property.Name.ToUpperInvariant();
            if (!members.TryAdd(key, property.Value))
            {
                errors.Add(CustomerErrors.Field(prefix + property.Name, $"'{property.Name}' is given more than once."));
            }
        }

        return members;
    }

    private static string? ReadString(JsonElement value, string field, List<ValidationError> errors, string? current)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return value.GetString();
            default:
                errors.Add(CustomerErrors.Field(field, $"{field} must be a string or null."));
                return current;
        }
    }

    private static IReadOnlyList<string>? ReadStrings(JsonElement value, string field, int maxCount, List<ValidationError> errors, IReadOnlyList<string>? current)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(CustomerErrors.Field(field, $"{field} must be an array of strings or null."));
            return current;
        }

        var length = value.GetArrayLength();
        if (length > maxCount)
        {
            errors.Add(CustomerErrors.Field(field, $"{field} holds at most {maxCount} entries."));
            return current;
        }

        var strings = new List<string>(length);
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                strings.Add(element.GetString()!);
            }
            else
            {
                errors.Add(CustomerErrors.Field($"{field}[{index}]", $"{field}[{index}] must be a string."));
            }

            index++;
        }

        return strings;
    }

    private static Address? MergeAddress(Address? current, JsonElement value, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(CustomerErrors.Field("BillingAddress", "BillingAddress must be an object or null."));
            return current;
        }

        var members = Members(value, "BillingAddress.", errors);
        var address = current ?? new Address(null, null, null, null);
        if (members.ContainsKey("ZIP") && members.ContainsKey("ZIPCODE"))
        {
            errors.Add(CustomerErrors.Field("BillingAddress.Zip", "Give BillingAddress.Zip or its synonym ZipCode, not both."));
            return current;
        }

        foreach (var (name, member) in members)
        {
            address = name switch
            {
                "STREET" => address with { Street = ReadString(member, "BillingAddress.Street", errors, address.Street) },
                "CITY" => address with { City = ReadString(member, "BillingAddress.City", errors, address.City) },
                "STATE" => address with { State = ReadString(member, "BillingAddress.State", errors, address.State) },
                "ZIP" or "ZIPCODE" => address with { ZipCode = ReadString(member, "BillingAddress.Zip", errors, address.ZipCode) },
                _ => address,
            };
        }

        return address;
    }
}
