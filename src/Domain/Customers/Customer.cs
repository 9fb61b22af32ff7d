using System.Net.Mail;
using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// A customer record of one tenant. Partners create it, change its writable fields and soft-delete it;
/// Alvys users own the rest. Every rule about a customer's own state lives here.
/// </summary>
public sealed class Customer
{
    public const int MaxEmails = 50;
    public const int MaxPhones = 50;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 50;
    public const int MaxAddressPartLength = 200;

    private List<string> _emails = [];
    private List<string> _phones = [];
    private readonly List<CustomerContact> _contacts = [];
    private readonly List<CustomerNote> _notes = [];

    private Customer(CustomerId id, TenantId tenantId, CustomerName name, CustomerType type, DateTimeOffset dateCreated)
    {
        Id = id;
        TenantId = tenantId;
        Name = name;
        Type = type;
        DateCreated = dateCreated;
        DateModified = dateCreated;
    }

    public CustomerId Id { get; }

    public TenantId TenantId { get; }

    public CustomerName Name { get; private set; }

    public CompanyNumber? CompanyNumber { get; private set; }

    public CustomerType Type { get; private set; }

    public CustomerStatus Status { get; private set; }

    public Address? BillingAddress { get; private set; }

    public IReadOnlyList<string> Emails => _emails;

    public IReadOnlyList<string> Phones => _phones;

    public string? Fax { get; private set; }

    public ExternalId? ExternalId { get; private set; }

    public DateTimeOffset DateCreated { get; }

    public DateTimeOffset DateModified { get; private set; }

    public string? SalesAgentId { get; private set; }

    public InvoicingInformation? InvoicingInformation { get; private set; }

    public IReadOnlyList<CustomerContact> Contacts => _contacts;

    public IReadOnlyList<CustomerNote> Notes => _notes;

    public bool IsSoftDeleted => Status == CustomerStatus.Inactive;

    public UniquenessKeys UniquenessKeys => UniquenessKeys.For(this);

    /// <summary>The writable-field view a merge patch is applied to.</summary>
    public CustomerFields WritableFields => new()
    {
        Name = Name.Value,
        Type = Type.ToName(),
        CompanyNumber = CompanyNumber?.Value,
        Status = Status.ToName(),
        BillingAddress = BillingAddress,
        Email = _emails.ToArray(),
        Phone = _phones.ToArray(),
        Fax = Fax,
        ExternalId = ExternalId?.Value,
    };

    public static Result<Customer> Create(TenantId tenantId, CustomerFields fields, DateTimeOffset now)
    {
        var validated = Validate(fields, isCreate: true);
        if (!validated.IsSuccess)
        {
            return Result.Invalid(validated.ValidationErrors);
        }

        var state = validated.Value;
        var customer = new Customer(CustomerId.New(), tenantId, state.Name, state.Type, now);
        customer.Assign(state);
        return customer;
    }

    /// <summary>
    /// Replaces the writable fields with <paramref name="fields"/>, validated exactly like a create.
    /// Returns whether anything changed, so that a no-op update need not write.
    /// </summary>
    public Result<bool> Apply(CustomerFields fields, DateTimeOffset now)
    {
        var validated = Validate(fields, isCreate: false);
        if (!validated.IsSuccess)
        {
            return Result.Invalid(validated.ValidationErrors);
        }

        var before = WritableFields;
        Assign(validated.Value);
        var changed = !SameFields(before, WritableFields);
        if (changed)
        {
            DateModified = now;
        }

        return changed;
    }

    /// <summary>Soft delete: the record stays, Inactive, and keeps its CompanyNumber reserved. Idempotent.</summary>
    /// <returns>Whether the status changed; deleting an Inactive customer changes nothing.</returns>
    public bool SoftDelete(DateTimeOffset now)
    {
        if (Status == CustomerStatus.Inactive)
        {
            return false;
        }

        Status = CustomerStatus.Inactive;
        DateModified = now;
        return true;
    }

    /// <summary>Rebuilds a stored customer without re-running the write rules it passed when it was stored.</summary>
    public static Customer Rehydrate(StoredCustomerState stored)
    {
        var customer = new Customer(stored.Id, stored.TenantId, CustomerName.Rehydrate(stored.Name), stored.Type, stored.DateCreated)
        {
            CompanyNumber = stored.CompanyNumber is null ? null : CompanyNumber.Rehydrate(stored.CompanyNumber),
            Status = stored.Status,
            BillingAddress = stored.BillingAddress,
            Fax = stored.Fax,
            ExternalId = stored.ExternalId is null ? null : ExternalId.Rehydrate(stored.ExternalId),
            DateModified = stored.DateModified,
            SalesAgentId = stored.SalesAgentId,
            InvoicingInformation = stored.InvoicingInformation,
        };
        customer._emails = [.. stored.Emails];
        customer._phones = [.. stored.Phones];
        customer._contacts.AddRange(stored.Contacts);
        customer._notes.AddRange(stored.Notes);
        return customer;
    }

    private void Assign(ValidState state)
    {
        Name = state.Name;
        Type = state.Type;
        CompanyNumber = state.CompanyNumber;
        Status = state.Status;
        BillingAddress = state.BillingAddress;
        _emails = state.Emails;
        _phones = state.Phones;
        Fax = state.Fax;
        ExternalId = state.ExternalId;
    }

    private static bool SameFields(CustomerFields a, CustomerFields b) =>
        a.Name == b.Name && a.Type == b.Type && a.CompanyNumber == b.CompanyNumber && a.Status == b.Status &&
        a.BillingAddress == b.BillingAddress && a.Fax == b.Fax && a.ExternalId == b.ExternalId &&
        a.Email!.SequenceEqual(b.Email!) && a.Phone!.SequenceEqual(b.Phone!);

    private sealed record ValidState(
        CustomerName Name,
        CustomerType Type,
        CompanyNumber? CompanyNumber,
        CustomerStatus Status,
        Address? BillingAddress,
        List<string> Emails,
        List<string> Phones,
        string? Fax,
        ExternalId? ExternalId);

    private static Result<ValidState> Validate(CustomerFields fields, bool isCreate)
    {
        var errors = new List<ValidationError>();

        var name = CustomerName.Create(fields.Name);
        errors.AddRange(name.ValidationErrors);

        var type = CustomerType.Customer;
        if (fields.Type is null)
        {
            errors.Add(CustomerErrors.Field("Type", isCreate ? "Type is required." : "Type cannot be removed."));
        }
        else if (!CustomerTypeNames.TryParse(fields.Type.Trim(), out type))
        {
            errors.Add(CustomerErrors.Field("Type", $"Type must be '{CustomerTypeNames.Customer}' or '{CustomerTypeNames.BrokerOr3PL}'."));
        }

        var status = CustomerStatus.Active;
        if (fields.Status is not null && !CustomerStatusNames.TryParse(fields.Status.Trim(), out status))
        {
            errors.Add(CustomerErrors.Field("Status", "Status must be 'Active' or 'Inactive'."));
        }

        CompanyNumber? companyNumber = null;
        if (fields.CompanyNumber is not null)
        {
            var created = CompanyNumber.Create(fields.CompanyNumber);
            errors.AddRange(created.ValidationErrors);
            companyNumber = created.IsSuccess ? created.Value : null;
        }

        ExternalId? externalId = null;
        if (fields.ExternalId is not null)
        {
            var created = ExternalId.Create(fields.ExternalId);
            errors.AddRange(created.ValidationErrors);
            externalId = created.IsSuccess ? created.Value : null;
        }

        var billingAddress = NormalizeAddress(fields.BillingAddress, errors);
        var emails = ValidateList(fields.Email, "Email", MaxEmails, MaxEmailLength, IsEmailAddress, "a valid email address", errors);
        var phones = ValidateList(fields.Phone, "Phone", MaxPhones, MaxPhoneLength, static _ => true, "a phone number", errors);
        var fax = Optional(fields.Fax, "Fax", MaxPhoneLength, errors);

        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }

        return new ValidState(name.Value, type, companyNumber, status, billingAddress, emails, phones, fax, externalId);
    }

    private static Address? NormalizeAddress(Address? address, List<ValidationError> errors)
    {
        if (address is null)
        {
            return null;
        }

        var normalized = new Address(
            Optional(address.Street, "BillingAddress.Street", MaxAddressPartLength, errors),
            Optional(address.City, "BillingAddress.City", MaxAddressPartLength, errors),
            Optional(address.State, "BillingAddress.State", MaxAddressPartLength, errors),
            Optional(address.ZipCode, "BillingAddress.Zip", MaxAddressPartLength, errors));
        return normalized.IsEmpty ? null : normalized;
    }

    private static string? Optional(string? value, string field, int maxLength, List<ValidationError> errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        if (trimmed.Length > maxLength)
        {
            errors.Add(CustomerErrors.Field(field, $"{field} must be at most {maxLength} characters."));
        }

        return trimmed;
    }

    private static List<string> ValidateList(
        IReadOnlyList<string>? values,
        string field,
        int maxCount,
        int maxLength,
        Func<string, bool> isValid,
        string description,
        List<ValidationError> errors)
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

        var accepted = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var trimmed = values[i]?.Trim();
            if (string.IsNullOrEmpty(trimmed) || trimmed.Length > maxLength || !isValid(trimmed))
            {
                errors.Add(CustomerErrors.Field($"{field}[{i}]", $"{field}[{i}] must be {description} of at most {maxLength} characters."));
                continue;
            }

            accepted.Add(trimmed);
        }

        return accepted;
    }

    private static bool IsEmailAddress(string candidate) =>
        MailAddress.TryCreate(candidate, out var parsed) &&
        parsed.Address == candidate &&
        string.IsNullOrEmpty(parsed.DisplayName) &&
        parsed.Host.Contains('.', StringComparison.Ordinal) &&
        !candidate.Any(char.IsWhiteSpace);
}
