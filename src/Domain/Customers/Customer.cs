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
    private readonly List<CustomerEvent> _events = [];
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

    /// <summary>1 for a new customer, one more for every write that changed it.</summary>
    public long Revision { get; private set; }

    /// <summary>Its latest writes, oldest first, at most <see cref="CustomerEvent.MaxRecorded"/>: stored with it, never shown in it.</summary>
    public IReadOnlyList<CustomerEvent> RecordedEvents => _events;

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

        var customer = idempotencyKey is null
            ? new Customer(CustomerId.New(), tenantId, writable.Value, now)
            : new Customer(idempotencyKey.CustomerIdIn(tenantId), tenantId, writable.Value, now) { CreateFingerprint = fields.Fingerprint() };
        customer.Record(CustomerEventType.Created, now, [], previous: null);
        return customer;
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

        var changed = writable.Value.ChangedFrom(_writable);
        if (changed.Count == 0)
        {
            return false;
        }

        var type = (_writable.Status, writable.Value.Status) switch
        {
            (CustomerStatus.Active, CustomerStatus.Inactive) => CustomerEventType.Deleted,
            (CustomerStatus.Inactive, CustomerStatus.Active) => CustomerEventType.Restored,
            _ => CustomerEventType.Updated,
        };
        Record(type, now, changed, _writable);
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

        Record(CustomerEventType.Deleted, now, [WritableField.Status], _writable);
        _writable = _writable with { Status = CustomerStatus.Inactive };
        DateModified = now;
        return true;
    }

    /// <summary>The write about to be made, as the next revision; the oldest recorded write drops off past the bound.</summary>
    private void Record(CustomerEventType type, DateTimeOffset now, IReadOnlyList<WritableField> changed, WritableFields? previous)
    {
        Revision++;
        _events.Add(new CustomerEvent(Revision, type, now, changed, previous));
        if (_events.Count > CustomerEvent.MaxRecorded)
        {
            _events.RemoveRange(0, _events.Count - CustomerEvent.MaxRecorded);
        }
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
            Revision = Math.Max(stored.Revision, 1),
        };
        customer._events.AddRange(stored.Events ?? []);
        customer._contacts.AddRange(stored.Contacts);
        customer._notes.AddRange(stored.Notes);
        return customer;
    }
}

/// <summary>
/// Everything persistence keeps of a customer, handed back to <see cref="Customer.Rehydrate"/>. A <paramref name="Revision"/>
/// of 0 is a customer stored before revisions were counted: it is taken as revision 1.
/// </summary>
public sealed record StoredCustomerState(
    CustomerId Id,
    TenantId TenantId,
    WritableFields Writable,
    DateTimeOffset DateCreated,
    DateTimeOffset DateModified,
    string? SalesAgentId,
    InvoicingInformation? InvoicingInformation,
    IReadOnlyList<CustomerContact> Contacts,
    IReadOnlyList<CustomerNote> Notes,
    string? CreateFingerprint = null,
    long Revision = 0,
    IReadOnlyList<CustomerEvent>? Events = null);
