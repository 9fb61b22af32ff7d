using Alvys.Customers.Application.Customers;
using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Application.Webhooks;

/// <summary>
/// The body of a customer webhook delivery (contract, "Deliveries"): <c>{id, type, timestamp, version, sequence, data,
/// diff?}</c>. The envelope's members are camel-case on the wire, <c>data</c> is the customer exactly as GET answers it.
/// </summary>
/// <param name="Id">Derived from the customer and the revision only, so every attempt, redelivery and replica sends the same one.</param>
/// <param name="Timestamp">When the write happened.</param>
/// <param name="Sequence">The customer's revision after the write.</param>
/// <param name="Data">The customer's state when the event is sent: it may be newer than the write the event reports.</param>
/// <param name="Diff">Present on updated, deleted and restored events for a webhook that asked for previous attributes.</param>
public sealed record CustomerEventMessage(
    string Id, string Type, DateTimeOffset Timestamp, string Version, long Sequence, CustomerResponse Data, CustomerEventDiff? Diff)
{
    public const string WireVersion = "v1";

    /// <summary>The event types a webhook subscribes to, by their wire names.</summary>
    public static readonly IReadOnlyList<string> TypeNames = [.. Enum.GetValues<CustomerEventType>().Select(TypeName)];

    public static string EventId(CustomerId customer, long revision) => $"{customer.Value}.{revision}";

    public static string TypeName(CustomerEventType type) => type switch
    {
        CustomerEventType.Created => "customer.created",
        CustomerEventType.Updated => "customer.updated",
        CustomerEventType.Deleted => "customer.deleted",
        CustomerEventType.Restored => "customer.restored",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The message for <paramref name="recorded"/>, one of <paramref name="current"/>'s recorded writes.</summary>
    public static CustomerEventMessage For(VersionedCustomer current, CustomerEvent recorded, bool includePreviousAttributes)
    {
        var customer = current.Customer;
        var diff = includePreviousAttributes && recorded.Previous is { } previous
            ? new CustomerEventDiff(PreviousAttributes(current, previous, recorded.Changed))
            : null;
        return new CustomerEventMessage(
            EventId(customer.Id, recorded.Revision), TypeName(recorded.Type), recorded.OccurredAt, WireVersion, recorded.Revision, CustomerResponse.From(current), diff);
    }

    /// <summary>
    /// The changed fields' values before the write, each as GET answered it then: the customer with its previous fields,
    /// written with only those members.
    /// </summary>
    private static CustomerResponse PreviousAttributes(VersionedCustomer current, WritableFields previous, IReadOnlyList<WritableField> changed)
    {
        var customer = current.Customer;
        var before = Customer.Rehydrate(new StoredCustomerState(
            customer.Id, customer.TenantId, previous, customer.DateCreated, customer.DateModified, customer.SalesAgentId,
            customer.InvoicingInformation, customer.Contacts, customer.Notes));
        var members = changed.Select(field => field == WritableField.ExternalId ? nameof(CustomerResponse.ExternalIds) : field.ToString());
        return CustomerResponse.From(new VersionedCustomer(before, current.ETag), FieldSelection.Only(members));
    }
}

/// <summary>What the write changed: <c>previousAttributes</c> holds the previous value of every writable field it changed.</summary>
public sealed record CustomerEventDiff(CustomerResponse PreviousAttributes);
