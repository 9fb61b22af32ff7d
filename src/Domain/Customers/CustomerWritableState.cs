using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// The partner-writable part of a customer, validated: each field is its value object. <see cref="Check"/> is
/// where a create's or a patch's fields become one, and where every failure is collected, keyed by field.
/// </summary>
internal sealed record CustomerWritableState(
    CustomerName Name,
    CustomerType Type,
    CompanyNumber? CompanyNumber,
    CustomerStatus Status,
    Address? BillingAddress,
    IReadOnlyList<EmailAddress> Emails,
    IReadOnlyList<PhoneNumber> Phones,
    PhoneNumber? Fax,
    ExternalId? ExternalId)
{
    public const int MaxEmails = 50;
    public const int MaxPhones = 50;

    /// <summary>
    /// Validates <paramref name="fields"/>. With <paramref name="stored"/> (an update), a field that still holds
    /// its stored value is kept as stored and not judged again: a customer written before a rule tightened, or by
    /// Alvys users, can still be patched on its other fields — and no field can be patched into a violation.
    /// </summary>
    public static Result<CustomerWritableState> Check(CustomerFields fields, CustomerWritableState? stored)
    {
        // In the order partners read the fields, so errors are listed in that order too.
        var errors = new List<ValidationError>();
        var name = Unchanged(fields.Name, stored?.Name.Value) ? stored!.Name : Take(CustomerName.Create(fields.Name), errors)!;
        var type = Unchanged(fields.Type, stored?.Type.ToName()) ? stored!.Type : TypeOf(fields.Type, isCreate: stored is null, errors);
        var status = Unchanged(fields.Status, stored?.Status.ToName()) ? stored!.Status : StatusOf(fields.Status, errors);
        var companyNumber = Unchanged(fields.CompanyNumber, stored?.CompanyNumber?.Value) ? stored!.CompanyNumber
            : fields.CompanyNumber is null ? null : Take(CompanyNumber.Create(fields.CompanyNumber), errors);
        var externalId = Unchanged(fields.ExternalId, stored?.ExternalId?.Value) ? stored!.ExternalId
            : fields.ExternalId is null ? null : Take(ExternalId.Create(fields.ExternalId), errors);
        var billingAddress = Take(Address.Create(fields.BillingAddress, "BillingAddress", stored?.BillingAddress), errors);
        var emails = Unchanged(fields.Email, stored?.Emails.Select(e => e.Value)) ? stored!.Emails
            : Entries(fields.Email, "Email", MaxEmails, EmailAddress.Create, errors);
        var phones = Unchanged(fields.Phone, stored?.Phones.Select(p => p.Value)) ? stored!.Phones
            : Entries(fields.Phone, "Phone", MaxPhones, PhoneNumber.Create, errors);
        var fax = Unchanged(fields.Fax, stored?.Fax?.Value) ? stored!.Fax : Take(PhoneNumber.CreateOptional(fields.Fax, "Fax"), errors);
        var state = new CustomerWritableState(name, type, companyNumber, status, billingAddress, emails, phones, fax, externalId);
        return errors.Count > 0 ? Result.Invalid(errors) : state;
    }

    /// <summary>The fields as a partner would send them to leave everything as it is.</summary>
    public CustomerFields ToFields() => new()
    {
        Name = Name.Value,
        Type = Type.ToName(),
        CompanyNumber = CompanyNumber?.Value,
        Status = Status.ToName(),
        BillingAddress = BillingAddress?.ToFields(),
        Email = Emails.Select(e => e.Value).ToArray(),
        Phone = Phones.Select(p => p.Value).ToArray(),
        Fax = Fax?.Value,
        ExternalId = ExternalId?.Value,
    };

    public bool SameAs(CustomerWritableState other) =>
        Name == other.Name && Type == other.Type && CompanyNumber == other.CompanyNumber && Status == other.Status &&
        BillingAddress == other.BillingAddress && Fax == other.Fax && ExternalId == other.ExternalId &&
        Emails.SequenceEqual(other.Emails) && Phones.SequenceEqual(other.Phones);

    private static bool Unchanged(string? value, string? stored) => stored is not null && value == stored;

    private static bool Unchanged(IReadOnlyList<string>? values, IEnumerable<string>? stored) =>
        stored is not null && (values ?? []).SequenceEqual(stored, StringComparer.Ordinal);

    private static T? Take<T>(Result<T> result, List<ValidationError> errors)
    {
        errors.AddRange(result.ValidationErrors);
        return result.IsSuccess ? result.Value : default;
    }

    private static CustomerType TypeOf(string? name, bool isCreate, List<ValidationError> errors)
    {
        if (name is null)
        {
            errors.Add(CustomerErrors.Field("Type", isCreate ? "Type is required." : "Type cannot be removed."));
        }
        else if (CustomerTypeNames.TryParse(name.Trim(), out var type))
        {
            return type;
        }
        else
        {
            errors.Add(CustomerErrors.Field("Type", $"Type must be '{CustomerTypeNames.Customer}' or '{CustomerTypeNames.BrokerOr3PL}'."));
        }

        return CustomerType.Customer;
    }

    /// <summary>No status means Active: a create starts Active, and a patch that removes the status restores.</summary>
    private static CustomerStatus StatusOf(string? name, List<ValidationError> errors)
    {
        if (name is null)
        {
            return CustomerStatus.Active;
        }

        if (CustomerStatusNames.TryParse(name.Trim(), out var status))
        {
            return status;
        }

        errors.Add(CustomerErrors.Field("Status", "Status must be 'Active' or 'Inactive'."));
        return CustomerStatus.Active;
    }

    /// <summary>A list replaced whole: at most <paramref name="maxCount"/> entries, each reported at its index.</summary>
    private static List<T> Entries<T>(
        IReadOnlyList<string>? values, string field, int maxCount, Func<string?, string, Result<T>> create, List<ValidationError> errors)
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > maxCount)
        {
            errors.Add(CustomerErrors.Field(field, $"{field} holds at most {maxCount} entries."));
            return [];
        }

        var accepted = new List<T>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var entry = create(values[i], $"{field}[{i}]");
            errors.AddRange(entry.ValidationErrors);
            if (entry.IsSuccess)
            {
                accepted.Add(entry.Value);
            }
        }

        return accepted;
    }
}
