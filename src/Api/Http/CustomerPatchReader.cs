using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// Reads a JSON body into a typed <see cref="CustomerPatch"/> (RFC 7396): each member absent, null or a value.
/// Member names match in any letter case; the same name twice (in any case) is ambiguous and refused; members
/// that are not writable fields are ignored; <c>Zip</c> and <c>ZipCode</c> are one member; a value of the wrong
/// JSON type is reported against its field. The body of a create is read the same way.
/// </summary>
public static class CustomerPatchReader
{
    public static Outcome<CustomerPatch> Read(JsonElement body) => RequestJson.Read(body, static body =>
    {
        var errors = new List<ValidationError>();
        var patch = ReadMembers(body, errors);
        return errors.Count > 0 ? new CustomerFailure.Invalid(errors) : (Outcome<CustomerPatch>)patch;
    });

    /// <summary>The body of a create: the patch applied to no fields at all.</summary>
    public static Outcome<CustomerFields> ReadNew(JsonElement body) => Read(body).Map(patch => patch.ApplyTo(CustomerFields.None));

    private static CustomerPatch ReadMembers(JsonElement body, List<ValidationError> errors)
    {
        var patch = new CustomerPatch();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(CustomerErrors.Field("body", "The request body must be a JSON object."));
            return patch;
        }

        foreach (var (name, value) in RequestJson.ByName(body, errors: errors))
        {
            patch = name switch
            {
                "NAME" => patch with { Name = ReadString(value, "Name", errors) },
                "TYPE" => patch with { Type = ReadString(value, "Type", errors) },
                "COMPANYNUMBER" => patch with { CompanyNumber = ReadString(value, "CompanyNumber", errors) },
                "STATUS" => patch with { Status = ReadString(value, "Status", errors) },
                "FAX" => patch with { Fax = ReadString(value, "Fax", errors) },
                "EXTERNALID" => patch with { ExternalId = ReadString(value, "ExternalId", errors) },
                "EMAIL" => patch with { Email = ReadStrings(value, "Email", Customer.MaxEmails, errors) },
                "PHONE" => patch with { Phone = ReadStrings(value, "Phone", Customer.MaxPhones, errors) },
                "BILLINGADDRESS" => patch with { BillingAddress = ReadAddress(value, errors) },
                _ => patch,
            };
        }

        return patch;
    }

    private static PatchValue<string> ReadString(JsonElement value, string field, List<ValidationError> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return PatchValue<string>.Remove;
            case JsonValueKind.String:
                return PatchValue<string>.Set(value.GetString()!);
            default:
                errors.Add(CustomerErrors.Field(field, $"{field} must be a string or null."));
                return PatchValue<string>.Absent;
        }
    }

    private static PatchValue<IReadOnlyList<string>> ReadStrings(JsonElement value, string field, int maxCount, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return PatchValue<IReadOnlyList<string>>.Remove;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(CustomerErrors.Field(field, $"{field} must be an array of strings or null."));
            return PatchValue<IReadOnlyList<string>>.Absent;
        }

        // Counted before anything is read: an oversized array costs no more than its length.
        var length = value.GetArrayLength();
        if (length > maxCount)
        {
            errors.Add(CustomerErrors.Field(field, $"{field} holds at most {maxCount} entries."));
            return PatchValue<IReadOnlyList<string>>.Absent;
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

        return PatchValue<IReadOnlyList<string>>.Set(strings);
    }

    private static PatchValue<AddressPatch> ReadAddress(JsonElement value, List<ValidationError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return PatchValue<AddressPatch>.Remove;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(CustomerErrors.Field("BillingAddress", "BillingAddress must be an object or null."));
            return PatchValue<AddressPatch>.Absent;
        }

        var members = RequestJson.ByName(value, "BillingAddress.", errors);
        if (members.ContainsKey("ZIP") && members.ContainsKey("ZIPCODE"))
        {
            errors.Add(CustomerErrors.Field("BillingAddress.Zip", "Give BillingAddress.Zip or its synonym ZipCode, not both."));
            return PatchValue<AddressPatch>.Absent;
        }

        var address = new AddressPatch();
        foreach (var (name, member) in members)
        {
            address = name switch
            {
                "STREET" => address with { Street = ReadString(member, "BillingAddress.Street", errors) },
                "CITY" => address with { City = ReadString(member, "BillingAddress.City", errors) },
                "STATE" => address with { State = ReadString(member, "BillingAddress.State", errors) },
                "ZIP" or "ZIPCODE" => address with { ZipCode = ReadString(member, "BillingAddress.Zip", errors) },
                _ => address,
            };
        }

        return PatchValue<AddressPatch>.Set(address);
    }
}
