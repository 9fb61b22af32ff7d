using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>The validation failures a customer can report, keyed by the partner-facing field name.</summary>
public static class CustomerErrors
{
    public static ValidationError Field(string field, string message) =>
        new(field, message, errorCode: "Invalid" + field.Replace(".", string.Empty, StringComparison.Ordinal), ValidationSeverity.Error);
}
