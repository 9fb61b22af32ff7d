using Ardalis.Result;

namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// The fields of a customer a partner may write, validated: each field is its value object. <see cref="Create"/> and
/// <see cref="Apply"/> are where a patch becomes one, and where every failure is collected, keyed by field;
/// <see cref="Rehydrate"/> is where stored values come back without being judged again.
/// </summary>
public sealed record WritableFields(
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

    /// <summary>A new customer's fields: the patch applied to nothing, every field it gives judged; Name and Type are required.</summary>
    public static Result<WritableFields> Create(CustomerPatch patch) => Merge(patch, stored: null);

    /// <summary>
    /// The fields after <paramref name="patch"/>. A field the patch leaves out, or sends as it is stored, is kept as
    /// stored and not judged again: a customer written before a rule tightened, or by Alvys users, can still be
    /// patched on its other fields — and no field can be patched into a violation.
    /// </summary>
    public Result<WritableFields> Apply(CustomerPatch patch) => Merge(patch, this);

    private static Result<WritableFields> Merge(CustomerPatch patch, WritableFields? stored)
    {
        // In the order partners read the fields, so errors are listed in that order too.
        var errors = new List<ValidationError>();
        var name = Kept(patch.Name, stored?.Name, n => n.Value) ?? Take(CustomerName.Create(patch.Name.Or(null)), errors)!;
        var type = patch.Type.HasValue ? patch.Type.Value
            : stored is not null && !patch.Type.IsPresent ? stored.Type
            : Missing("Type", stored is null ? "Type is required." : "Type cannot be removed.", CustomerType.Customer, errors);
        // No status means Active: a create starts Active, and a patch that removes the status restores.
        var status = patch.Status.HasValue ? patch.Status.Value
            : stored is not null && !patch.Status.IsPresent ? stored.Status
            : CustomerStatus.Active;
        var companyNumber = Kept(patch.CompanyNumber, stored?.CompanyNumber, c => c.Value) ?? Optionally(patch.CompanyNumber, CompanyNumber.Create, errors);
        var externalId = Kept(patch.ExternalId, stored?.ExternalId, e => e.Value) ?? Optionally(patch.ExternalId, ExternalId.Create, errors);
        var billingAddress = !patch.BillingAddress.IsPresent ? stored?.BillingAddress
            : patch.BillingAddress.HasValue ? Take(Address.Merge(patch.BillingAddress.Value, stored?.BillingAddress, "BillingAddress"), errors)
            : null;
        var emails = KeptList(patch.Email, stored?.Emails, e => e.Value) ?? Entries(patch.Email.Or(null), "Email", MaxEmails, EmailAddress.Create, errors);
        var phones = KeptList(patch.Phone, stored?.Phones, p => p.Value) ?? Entries(patch.Phone.Or(null), "Phone", MaxPhones, PhoneNumber.Create, errors);
        var fax = Kept(patch.Fax, stored?.Fax, f => f.Value) ?? Take(PhoneNumber.CreateOptional(patch.Fax.Or(null), "Fax"), errors);
        var state = new WritableFields(name, type, companyNumber, status, billingAddress, emails, phones, fax, externalId);
        return errors.Count > 0 ? Result.Invalid(errors) : state;
    }

    /// <summary>Stored values as they were stored: rules that tightened since do not apply to them until they change.</summary>
    public static WritableFields Rehydrate(
        string name, CustomerType type, string? companyNumber, CustomerStatus status, Address? billingAddress,
        IEnumerable<string> emails, IEnumerable<string> phones, string? fax, string? externalId) => new(
        CustomerName.Rehydrate(name),
        type,
        companyNumber is null ? null : CompanyNumber.Rehydrate(companyNumber),
        status,
        billingAddress,
        emails.Select(EmailAddress.Rehydrate).ToArray(),
        phones.Select(PhoneNumber.Rehydrate).ToArray(),
        fax is null ? null : PhoneNumber.Rehydrate(fax),
        externalId is null ? null : ExternalId.Rehydrate(externalId));

    public bool SameAs(WritableFields other) => ChangedFrom(other).Count == 0;

    /// <summary>The fields whose values differ from <paramref name="before"/>'s, in the order partners read them.</summary>
    public IReadOnlyList<WritableField> ChangedFrom(WritableFields before)
    {
        var changed = new List<WritableField>();
        void Check(bool same, WritableField field)
        {
            if (!same)
            {
                changed.Add(field);
            }
        }

        Check(Name == before.Name, WritableField.Name);
        Check(Type == before.Type, WritableField.Type);
        Check(CompanyNumber == before.CompanyNumber, WritableField.CompanyNumber);
        Check(Status == before.Status, WritableField.Status);
        Check(BillingAddress == before.BillingAddress, WritableField.BillingAddress);
        Check(Emails.SequenceEqual(before.Emails), WritableField.Email);
        Check(Phones.SequenceEqual(before.Phones), WritableField.Phone);
        Check(Fax == before.Fax, WritableField.Fax);
        Check(ExternalId == before.ExternalId, WritableField.ExternalId);
        return changed;
    }

    /// <summary>The stored value when the patch leaves the field out or sends exactly what is stored; null when it is to be judged.</summary>
    private static T? Kept<T>(Optional<string> given, T? stored, Func<T, string> value)
        where T : class =>
        stored is not null && (!given.IsPresent || (given.HasValue && given.Value == value(stored))) ? stored : null;

    private static IReadOnlyList<T>? KeptList<T>(Optional<string?[]> given, IReadOnlyList<T>? stored, Func<T, string> value) =>
        stored is not null && (!given.IsPresent || (given.HasValue && given.Value.SequenceEqual(stored.Select(value), StringComparer.Ordinal))) ? stored : null;

    private static T? Optionally<T>(Optional<string> given, Func<string, Result<T>> create, List<ValidationError> errors)
        where T : class =>
        given.HasValue ? Take(create(given.Value), errors) : null;

    private static T Missing<T>(string field, string message, T placeholder, List<ValidationError> errors)
    {
        errors.Add(CustomerErrors.Field(field, message));
        return placeholder;
    }

    private static T? Take<T>(Result<T> result, List<ValidationError> errors)
    {
        errors.AddRange(result.ValidationErrors);
        return result.IsSuccess ? result.Value : default;
    }

    /// <summary>A list replaced whole: at most <paramref name="maxCount"/> entries, each reported at its index.</summary>
    private static IReadOnlyList<T> Entries<T>(
        IReadOnlyList<string?>? values, string field, int maxCount, Func<string?, string, Result<T>> create, List<ValidationError> errors)
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
