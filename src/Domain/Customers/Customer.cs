namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// A customer record of one tenant. Partners create it, change its writable fields and soft-delete it;
/// Alvys users own the rest. The rules of each field live in its value object; the rules of the customer
/// as a whole — what a create needs, what a patch may change, soft delete and restore — live here.
/// </summary>
public sealed class Customer
{
    public const int MaxEmails = WritableFields.MaxEmails;
    public const int MaxPhones = WritableFields.MaxPhones;

    private readonly List<CustomerContact> _contacts = [];
    private readonly List<CustomerNote> _notes = [];
    private WritableFields _writable;

    private Customer(CustomerId id, TenantId tenantId, WritableFields writable, DateTimeOffset dateCreated)
    {
        Id = id;
        TenantId = tenantId;
        _writable = writable;
        DateCreated = dateCreated;
        DateModified = dateCreated;
    }

    public CustomerId Id { get; }

    public TenantId TenantId { get; }

    /// <summary>The fields a partner may write, as they stand.</summary>
    public WritableFields Writable => _writable;

    public CustomerName Name => _writable.Name;

    public CompanyNumber? CompanyNumber => _writable.CompanyNumber;

    public CustomerType Type => _writable.Type;

    public CustomerStatus Status => _writable.Status;

    public Address? BillingAddress => _writable.BillingAddress;

    public IReadOnlyList<EmailAddress> Emails => _writable.Emails;

    public IReadOnlyList<PhoneNumber> Phones => _writable.Phones;

    public PhoneNumber? Fax => _writable.Fax;

    public ExternalId? ExternalId => _writable.ExternalId;

    public DateTimeOffset DateCreated { get; }

    public DateTimeOffset DateModified { get; private set; }

    public string? SalesAgentId { get; private init; }

    public InvoicingInformation? InvoicingInformation { get; private init; }

    public IReadOnlyList<CustomerContact> Contacts => _contacts;

    public IReadOnlyList<CustomerNote> Notes => _notes;

    /// <summary>For a customer made by a create with an Idempotency-Key: the fingerprint of that request's fields.</summary>
    public string? CreateFingerprint { get; private init; }

    public bool IsSoftDeleted => Status == CustomerStatus.Inactive;

    public UniquenessKeys UniquenessKeys => UniquenessKeys.For(this);

    /// <summary>
    /// A new customer of <paramref name="tenantId"/> with the fields <paramref name="fields"/> gives, Active unless it says
    /// otherwise; every field is validated. With an <paramref name="idempotencyKey"/>, its id is the key's and it
    /// remembers the request's fingerprint.
    /// </summary>
    public static Outcome<Customer> Create(TenantId tenantId, CustomerPatch fields, DateTimeOffset now, IdempotencyKey? idempotencyKey = null)
    {
        var writable = WritableFields.Create(fields);
        if (!writable.IsSuccess)
        {
            return new CustomerFailure.Invalid(writable.ValidationErrors.ToArray());
        }

        return idempotencyKey is null
            ? new Customer(CustomerId.New(), tenantId, writable.Value, now)
            : new Customer(idempotencyKey.CustomerIdIn(tenantId), tenantId, writable.Value, now) { CreateFingerprint = fields.Fingerprint() };
    }

    /// <summary>Whether a create with these fields is the request this customer was created by (its retry), not another one.</summary>
    public bool WasCreatedBy(CustomerPatch fields) => CreateFingerprint is { } fingerprint && fingerprint == fields.Fingerprint();

    /// <summary>
    /// Applies a merge patch. What the patch changes is validated like a create; what it leaves as stored is not
    /// judged again. Returns whether anything changed, so that a no-op update need not write; on failure the
    /// customer is unchanged.
    /// </summary>
    public Outcome<bool> Apply(CustomerPatch patch, DateTimeOffset now)
    {
        var writable = _writable.Apply(patch);
        if (!writable.IsSuccess)
        {
            return new CustomerFailure.Invalid(writable.ValidationErrors.ToArray());
        }

        if (writable.Value.SameAs(_writable))
        {
            return false;
        }

        _writable = writable.Value;
        DateModified = now;
        return true;
    }

    /// <summary>Soft delete: the record stays, Inactive, and keeps its CompanyNumber reserved. Idempotent.</summary>
    /// <returns>Whether the status changed; deleting an Inactive customer changes nothing.</returns>
    public bool SoftDelete(DateTimeOffset now)
    {
        if (Status == CustomerStatus.Inactive)
        {
            return false;
        }

        _writable = _writable with { Status = CustomerStatus.Inactive };
        DateModified = now;
        return true;
    }

    /// <summary>Rebuilds a stored customer without re-running the write rules it passed when it was stored.</summary>
    public static Customer Rehydrate(StoredCustomerState stored)
    {
        var customer = new Customer(stored.Id, stored.TenantId, stored.Writable, stored.DateCreated)
        {
            DateModified = stored.DateModified,
            CreateFingerprint = stored.CreateFingerprint,
            SalesAgentId = stored.SalesAgentId,
            InvoicingInformation = stored.InvoicingInformation,
        };
        customer._contacts.AddRange(stored.Contacts);
        customer._notes.AddRange(stored.Notes);
        return customer;
    }
}
