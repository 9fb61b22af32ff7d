using System.Net.Mail;
using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>One email address of a customer: a bare address (no display name) whose domain has a dot.</summary>
public sealed record EmailAddress
{
    public const int MaxLength = 254;

    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    /// <param name="field">The field it is reported against, e.g. <c>Email[2]</c>.</param>
    public static Result<EmailAddress> Create(string? candidate, string field)
    {
        var trimmed = PartnerText.Clean(candidate);
        return trimmed is null || trimmed.Length > MaxLength || trimmed.Any(char.IsControl) || !IsAddress(trimmed)
            ? Result.Invalid(CustomerErrors.Field(field, $"{field} must be a valid email address of at most {MaxLength} characters."))
            : new EmailAddress(trimmed);
    }

    public static EmailAddress Rehydrate(string stored) => new(stored);

    public override string ToString() => Value;

    private static bool IsAddress(string candidate) =>
        MailAddress.TryCreate(candidate, out var parsed) &&
        parsed.Address == candidate &&
        string.IsNullOrEmpty(parsed.DisplayName) &&
        parsed.Host.Contains('.', StringComparison.Ordinal) &&
        !candidate.Any(char.IsWhiteSpace);
}
