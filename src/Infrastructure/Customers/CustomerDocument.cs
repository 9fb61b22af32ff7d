using System.Globalization;
using System.Text.Json.Serialization;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Infrastructure.Customers;

/// <summary>
/// How a customer is stored: one document per customer in the tenant's logical partition. Internal to
/// persistence; the aggregate never sees it and partners never see it.
/// </summary>
internal sealed class CustomerDocument
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("tenantId")] public required string TenantId { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("type")] public required string Type { get; init; }

    [JsonPropertyName("status")] public required string Status { get; init; }

    [JsonPropertyName("companyNumber")] public string? CompanyNumber { get; init; }

    [JsonPropertyName("externalId")] public string? ExternalId { get; init; }

    [JsonPropertyName("billingAddress")] public AddressDocument? BillingAddress { get; init; }

    [JsonPropertyName("email")] public string[]? Email { get; init; }

    [JsonPropertyName("phone")] public string[]? Phone { get; init; }

    [JsonPropertyName("fax")] public string? Fax { get; init; }

    /// <summary>UTC with a fixed seven-digit fraction, so that string order is time order in queries.</summary>
    [JsonPropertyName("dateCreated")] public required string DateCreated { get; init; }

    [JsonPropertyName("dateModified")] public required string DateModified { get; init; }

    [JsonPropertyName("salesAgentId")] public string? SalesAgentId { get; init; }

    [JsonPropertyName("invoicingInformation")] public InvoicingDocument? InvoicingInformation { get; init; }

    [JsonPropertyName("contacts")] public ContactDocument[]? Contacts { get; init; }

    [JsonPropertyName("notes")] public NoteDocument[]? Notes { get; init; }

    [JsonPropertyName("keys")] public required UniqueKeysDocument Keys { get; init; }

    /// <summary>
    /// The name in the form a search's namePrefix matches (<see cref="CustomerName.Normalize"/>), indexed so that a prefix
    /// is an index range. Every write sets it; <see cref="CustomerNameKeyBackfill"/> adds it to customers stored before it was.
    /// </summary>
    [JsonPropertyName("nameKey")] public string? NameKey { get; init; }

    /// <summary>The customer's revision (<see cref="Customer.Revision"/>); absent on customers stored before revisions were counted.</summary>
    [JsonPropertyName("revision")] public long? Revision { get; init; }

    /// <summary>Its latest writes (<see cref="Customer.RecordedEvents"/>), for the webhook dispatcher; never part of an answer.</summary>
    [JsonPropertyName("events")] public CustomerEventDocument[]? Events { get; init; }

    /// <summary>For a customer a create with an Idempotency-Key made: that request's fingerprint, to tell a retry from a reuse.</summary>
    [JsonPropertyName("createFingerprint")] public string? CreateFingerprint { get; init; }

    /// <summary>Set by Cosmos on every write; never sent.</summary>
    [JsonPropertyName("_etag")] public string? ETag { get; init; }
}

/// <summary>
/// The values the container's unique key policy holds unique per tenant. Every member is always present:
/// a customer without, say, a CompanyNumber stores a filler unique to itself, because Cosmos treats
/// missing values as equal and would let only one customer of a tenant go without.
/// </summary>
internal sealed class UniqueKeysDocument
{
    [JsonPropertyName("companyNumber")] public required string CompanyNumber { get; init; }

    [JsonPropertyName("externalId")] public required string ExternalId { get; init; }

    [JsonPropertyName("nameZip")] public required string NameZip { get; init; }
}

/// <summary>One recorded write: what it was, and the previous values of the fields it changed.</summary>
internal sealed class CustomerEventDocument
{
    [JsonPropertyName("revision")] public required long Revision { get; init; }

    /// <summary>The <see cref="CustomerEventType"/> by name.</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }

    [JsonPropertyName("at")] public required string At { get; init; }

    /// <summary>The write's W3C <c>traceparent</c>, when the request had one.</summary>
    [JsonPropertyName("trace")] public string? Trace { get; init; }

    /// <summary>The <see cref="WritableField"/>s the write changed, by name.</summary>
    [JsonPropertyName("changed")] public string[]? Changed { get; init; }

    /// <summary>Their values before it, as the customer stores them; a changed field absent here had no value.</summary>
    [JsonPropertyName("previous")] public PreviousFieldsDocument? Previous { get; init; }
}

internal sealed class PreviousFieldsDocument
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("type")] public string? Type { get; init; }

    [JsonPropertyName("companyNumber")] public string? CompanyNumber { get; init; }

    [JsonPropertyName("status")] public string? Status { get; init; }

    [JsonPropertyName("billingAddress")] public AddressDocument? BillingAddress { get; init; }

    [JsonPropertyName("email")] public string[]? Email { get; init; }

    [JsonPropertyName("phone")] public string[]? Phone { get; init; }

    [JsonPropertyName("fax")] public string? Fax { get; init; }

    [JsonPropertyName("externalId")] public string? ExternalId { get; init; }
}

internal sealed class AddressDocument
{
    [JsonPropertyName("street")] public string? Street { get; init; }

    [JsonPropertyName("city")] public string? City { get; init; }

    [JsonPropertyName("state")] public string? State { get; init; }

    [JsonPropertyName("zipCode")] public string? ZipCode { get; init; }
}

internal sealed class InvoicingDocument
{
    [JsonPropertyName("address")] public AddressDocument? Address { get; init; }

    [JsonPropertyName("emailAddresses")] public string[]? EmailAddresses { get; init; }

    [JsonPropertyName("invoicingName")] public string? InvoicingName { get; init; }

    [JsonPropertyName("invoicingNameAlias")] public string? InvoicingNameAlias { get; init; }
}

internal sealed class ContactDocument
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("title")] public string? Title { get; init; }

    [JsonPropertyName("email")] public string? Email { get; init; }

    [JsonPropertyName("phone")] public string? Phone { get; init; }
}

internal sealed class NoteDocument
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("description")] public string? Description { get; init; }

    [JsonPropertyName("noteType")] public string? NoteType { get; init; }

    [JsonPropertyName("time")] public DateTimeOffset? Time { get; init; }

    [JsonPropertyName("user")] public string? User { get; init; }
}

/// <summary>A page of query results as the Cosmos REST API returns it.</summary>
internal sealed class QueryPage<T>
{
    [JsonPropertyName("Documents")] public T[]? Documents { get; init; }
}

/// <summary>Maps the aggregate to its stored document and back, by hand, member by member.</summary>
internal static class CustomerDocumentMapper
{
    /// <summary>UTC, seven fraction digits, 'Z': every stored instant has one width, so ordinal order is time order.</summary>
    public const string StoredDateFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    // Real values and fillers live in disjoint spaces: a partner's value can never equal another customer's filler.
    private const string ValuePrefix = "v:";
    private const string FillerPrefix = "none:";

    public static string FormatDate(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(StoredDateFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseDate(string stored) =>
        DateTimeOffset.ParseExact(stored, StoredDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The value a unique key holds for a normalised value; look-ups use the same function as writes.</summary>
    public static string UniqueKey(string normalizedValue) => ValuePrefix + normalizedValue;

    public static CustomerDocument ToDocument(Customer customer)
    {
        var keys = customer.UniquenessKeys;
        var filler = FillerPrefix + customer.Id.Value;
        return new CustomerDocument
        {
            Id = customer.Id.Value,
            CreateFingerprint = customer.CreateFingerprint,
            TenantId = customer.TenantId.Value,
            Name = customer.Name.Value,
            Type = customer.Type.ToName(),
            Status = customer.Status.ToName(),
            CompanyNumber = customer.CompanyNumber?.Value,
            ExternalId = customer.ExternalId?.Value,
            BillingAddress = ToDocument(customer.BillingAddress),
            Email = customer.Emails.Select(e => e.Value).ToArray(),
            Phone = customer.Phones.Select(p => p.Value).ToArray(),
            Fax = customer.Fax?.Value,
            DateCreated = FormatDate(customer.DateCreated),
            DateModified = FormatDate(customer.DateModified),
            SalesAgentId = customer.SalesAgentId,
            InvoicingInformation = customer.InvoicingInformation is { } invoicing
                ? new InvoicingDocument
                {
                    Address = ToDocument(invoicing.Address),
                    EmailAddresses = [.. invoicing.EmailAddresses],
                    InvoicingName = invoicing.InvoicingName,
                    InvoicingNameAlias = invoicing.InvoicingNameAlias,
                }
                : null,
            Contacts = customer.Contacts.Select(c => new ContactDocument { Name = c.Name, Title = c.Title, Email = c.Email, Phone = c.Phone }).ToArray(),
            Notes = customer.Notes.Select(n => new NoteDocument { Id = n.Id, Description = n.Description, NoteType = n.NoteType, Time = n.Time, User = n.User }).ToArray(),
            NameKey = customer.Name.Normalized,
            Revision = customer.Revision,
            Events = [.. customer.RecordedEvents.Select(e => ToDocument(e, customer.Revision))],
            Keys = new UniqueKeysDocument
            {
                CompanyNumber = keys.CompanyNumber is null ? filler : UniqueKey(keys.CompanyNumber),
                ExternalId = keys.ExternalId is null ? filler : UniqueKey(keys.ExternalId),
                NameZip = keys.NameAndBillingZip is null ? filler : UniqueKey(keys.NameAndBillingZip),
            },
        };
    }

    public static VersionedCustomer ToVersionedCustomer(CustomerDocument document) => ToVersionedCustomer(document, partial: false);

    /// <summary>
    /// A customer from a document a projection read (<see cref="CustomerProjectionQuery"/>): the members it left out get
    /// placeholders (an empty name, the first type and status, the earliest instant), which only an answer confined to
    /// the members read may carry.
    /// </summary>
    public static VersionedCustomer ToPartialCustomer(CustomerDocument document) => ToVersionedCustomer(document, partial: true);

    private static VersionedCustomer ToVersionedCustomer(CustomerDocument document, bool partial)
    {
        if (!CustomerId.TryParse(document.Id, out var id))
        {
            throw new InvalidOperationException($"Stored customer has a malformed id '{document.Id}'.");
        }

        var state = new StoredCustomerState(
            id,
            TenantId.From(document.TenantId),
            WritableFields.Rehydrate(
                partial ? document.Name ?? string.Empty : document.Name,
                partial && document.Type is null ? default : CustomerTypeNames.TryParse(document.Type, out var type) ? type : throw Malformed(document, "type"),
                document.CompanyNumber,
                partial && document.Status is null ? default : CustomerStatusNames.TryParse(document.Status, out var status) ? status : throw Malformed(document, "status"),
                ToDomain(document.BillingAddress),
                document.Email ?? [],
                document.Phone ?? [],
                document.Fax,
                document.ExternalId),
            partial && document.DateCreated is null ? DateTimeOffset.MinValue : ParseDate(document.DateCreated),
            partial && document.DateModified is null ? DateTimeOffset.MinValue : ParseDate(document.DateModified),
            document.SalesAgentId,
            document.InvoicingInformation is { } invoicing
                ? new InvoicingInformation(ToDomain(invoicing.Address), invoicing.EmailAddresses ?? [], invoicing.InvoicingName, invoicing.InvoicingNameAlias)
                : null,
            (document.Contacts ?? []).Select(c => new CustomerContact(c.Name, c.Title, c.Email, c.Phone)).ToArray(),
            (document.Notes ?? []).Select(n => new CustomerNote(n.Id, n.Description, n.NoteType, n.Time, n.User)).ToArray(),
            document.CreateFingerprint,
            document.Revision ?? 0,
            (document.Events ?? []).Select(e => ToDomain(document, e)).ToArray());

        var etag = document.ETag ?? throw Malformed(document, "_etag");
        return new VersionedCustomer(Customer.Rehydrate(state), etag);
    }

    private static CustomerEventDocument ToDocument(CustomerEvent recorded, long revision)
    {
        // Only the fields the write changed are kept of the previous state.
        bool Changed(WritableField field) => recorded.Changed.Contains(field);
        var previous = recorded.Previous;
        return new CustomerEventDocument
        {
            Revision = recorded.Revision,
            Type = recorded.Type.ToString(),
            At = FormatDate(recorded.OccurredAt),
            Changed = recorded.Changed.Count == 0 ? null : [.. recorded.Changed.Select(f => f.ToString())],
            // The write being stored is the event of the customer's revision: it takes the trace of the request at hand.
            Trace = recorded.WriteTrace ?? (recorded.Revision == revision ? CurrentTrace() : null),
            Previous = previous is null ? null : new PreviousFieldsDocument
            {
                Name = Changed(WritableField.Name) ? previous.Name.Value : null,
                Type = Changed(WritableField.Type) ? previous.Type.ToName() : null,
                CompanyNumber = Changed(WritableField.CompanyNumber) ? previous.CompanyNumber?.Value : null,
                Status = Changed(WritableField.Status) ? previous.Status.ToName() : null,
                BillingAddress = Changed(WritableField.BillingAddress) ? ToDocument(previous.BillingAddress) : null,
                Email = Changed(WritableField.Email) ? [.. previous.Emails.Select(e => e.Value)] : null,
                Phone = Changed(WritableField.Phone) ? [.. previous.Phones.Select(p => p.Value)] : null,
                Fax = Changed(WritableField.Fax) ? previous.Fax?.Value : null,
                ExternalId = Changed(WritableField.ExternalId) ? previous.ExternalId?.Value : null,
            },
        };
    }

    private static CustomerEvent ToDomain(CustomerDocument document, CustomerEventDocument recorded)
    {
        var changed = (recorded.Changed ?? []).Select(name => Enum.TryParse<WritableField>(name, out var field) ? field : throw Malformed(document, "events.changed")).ToArray();
        // The fields the write left alone get placeholders: an event speaks only of the ones it changed.
        var previous = recorded.Previous is not { } before ? null : WritableFields.Rehydrate(
            before.Name ?? string.Empty,
            before.Type is null ? default : CustomerTypeNames.TryParse(before.Type, out var type) ? type : throw Malformed(document, "events.previous.type"),
            before.CompanyNumber,
            before.Status is null ? default : CustomerStatusNames.TryParse(before.Status, out var status) ? status : throw Malformed(document, "events.previous.status"),
            ToDomain(before.BillingAddress),
            before.Email ?? [],
            before.Phone ?? [],
            before.Fax,
            before.ExternalId);
        return new CustomerEvent(
            recorded.Revision,
            Enum.TryParse<CustomerEventType>(recorded.Type, out var eventType) ? eventType : throw Malformed(document, "events.type"),
            ParseDate(recorded.At),
            changed,
            previous)
        {
            WriteTrace = recorded.Trace,
        };
    }

    private static string? CurrentTrace() =>
        System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } write ? write.Id : null;

    private static InvalidOperationException Malformed(CustomerDocument document, string member) =>
        new($"Stored customer '{document.Id}' has no valid '{member}'.");

    private static AddressDocument? ToDocument(Address? address) =>
        address is null ? null : new AddressDocument { Street = address.Street, City = address.City, State = address.State, ZipCode = address.ZipCode };

    private static Address? ToDomain(AddressDocument? address) =>
        address is null ? null : Address.Rehydrate(address.Street, address.City, address.State, address.ZipCode);
}

/// <summary>
/// Compile-time serialization metadata for everything the repository reads from and writes to Cosmos: no
/// reflection on first use, and the writer's fast path for documents. Options mirror <see cref="Cosmos.CosmosJson"/>.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CustomerDocument))]
[JsonSerializable(typeof(QueryPage<CustomerDocument>))]
[JsonSerializable(typeof(QueryPage<KeyHolder>))]
[JsonSerializable(typeof(QueryPage<int>))]
[JsonSerializable(typeof(QueryPage<NameKeyGap>))]
internal sealed partial class CustomerDocumentJson : JsonSerializerContext;
