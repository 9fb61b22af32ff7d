using System.Globalization;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Infrastructure.Customers;

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
            Keys = new UniqueKeysDocument
            {
                CompanyNumber = keys.CompanyNumber is null ? filler : UniqueKey(keys.CompanyNumber),
                ExternalId = keys.ExternalId is null ? filler : UniqueKey(keys.ExternalId),
                NameZip = keys.NameAndBillingZip is null ? filler : UniqueKey(keys.NameAndBillingZip),
            },
        };
    }

    public static VersionedCustomer ToVersionedCustomer(CustomerDocument document)
    {
        if (!CustomerId.TryParse(document.Id, out var id))
        {
            throw new InvalidOperationException($"Stored customer has a malformed id '{document.Id}'.");
        }

        var state = new StoredCustomerState(
            id,
            TenantId.From(document.TenantId),
            document.Name,
            CustomerTypeNames.TryParse(document.Type, out var type) ? type : throw Malformed(document, "type"),
            document.CompanyNumber,
            CustomerStatusNames.TryParse(document.Status, out var status) ? status : throw Malformed(document, "status"),
            ToDomain(document.BillingAddress),
            document.Email ?? [],
            document.Phone ?? [],
            document.Fax,
            document.ExternalId,
            ParseDate(document.DateCreated),
            ParseDate(document.DateModified),
            document.SalesAgentId,
            document.InvoicingInformation is { } invoicing
                ? new InvoicingInformation(ToDomain(invoicing.Address), invoicing.EmailAddresses ?? [], invoicing.InvoicingName, invoicing.InvoicingNameAlias)
                : null,
            (document.Contacts ?? []).Select(c => new CustomerContact(c.Name, c.Title, c.Email, c.Phone)).ToArray(),
            (document.Notes ?? []).Select(n => new CustomerNote(n.Id, n.Description, n.NoteType, n.Time, n.User)).ToArray(),
            document.CreateFingerprint);

        var etag = document.ETag ?? throw Malformed(document, "_etag");
        return new VersionedCustomer(Customer.Rehydrate(state), etag);
    }

    private static InvalidOperationException Malformed(CustomerDocument document, string member) =>
        new($"Stored customer '{document.Id}' has no valid '{member}'.");

    private static AddressDocument? ToDocument(Address? address) =>
        address is null ? null : new AddressDocument { Street = address.Street, City = address.City, State = address.State, ZipCode = address.ZipCode };

    private static Address? ToDomain(AddressDocument? address) =>
        address is null ? null : Address.Rehydrate(address.Street, address.City, address.State, address.ZipCode);
}
