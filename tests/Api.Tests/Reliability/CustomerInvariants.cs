using System.Net.Mail;
using System.Text.Json;

namespace Alvys.Customers.Api.Tests.Reliability;

/// <summary>What the contract promises of every customer the API ever returns.</summary>
public static class CustomerInvariants
{
    private static readonly string[] Placeholders =
        ["N/A", "NA", "NONE", "NULL", "NIL", "TBD", "TBA", "UNKNOWN", "PENDING", "PLACEHOLDER", "DUMMY", "TEST", "TEMP", "DEFAULT", "?"];

    /// <summary>Every broken promise, as text; empty when the customer is sound.</summary>
    public static IReadOnlyList<string> Violations(JsonElement customer)
    {
        var broken = new List<string>();
        void Check(bool holds, string what)
        {
            if (!holds)
            {
                broken.Add(what);
            }
        }

        var id = customer.GetProperty("Id").GetString();
        Check(id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower), $"Id '{id}' is not 32 lowercase hex");
        var name = customer.GetProperty("Name").GetString();
        Check(!string.IsNullOrWhiteSpace(name) && name.Length <= 200 && name == name.Trim(), $"Name '{name}' is blank, too long or untrimmed");
        Check(customer.GetProperty("Type").GetString() is "Customer" or "Broker/3PL", "Type is not Customer or Broker/3PL");
        Check(customer.GetProperty("Status").GetString() is "Active" or "Inactive", "Status is not Active or Inactive");
        var companyNumber = customer.GetProperty("CompanyNumber");
        if (companyNumber.ValueKind != JsonValueKind.Null)
        {
            var value = companyNumber.GetString()!;
            Check(value.Length is > 0 and <= 32 && value == value.Trim(), $"CompanyNumber '{value}' is blank, too long or untrimmed");
            Check(!Placeholders.Contains(value, StringComparer.OrdinalIgnoreCase) && !(value.Length > 1 && value.All(c => c == value[0])), $"CompanyNumber '{value}' is a placeholder");
        }

        var emails = customer.GetProperty("Email").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Check(emails.Length <= 50 && emails.All(e => MailAddress.TryCreate(e, out _)), "Email holds a non-address or too many");
        Check(customer.GetProperty("Phone").GetArrayLength() <= 50, "Phone holds too many entries");
        if (customer.TryGetProperty("ExternalIds", out var externalIds))
        {
            Check(externalIds.GetArrayLength() <= 1 && externalIds.EnumerateArray().All(e => e.GetString()!.Length is > 0 and <= 100), "ExternalIds broken");
        }

        Check(customer.GetProperty("DateCreated").TryGetDateTimeOffset(out _), "DateCreated is not a date");
        return broken;
    }
}
