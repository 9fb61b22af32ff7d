using Alvys.Customers.Domain.Customers;

namespace Alvys.Customers.Application.Customers;

internal static class ConditionalRead
{
    /// <summary>
    /// The first steps of every conditional write: If-Match must be present (else VersionRequired, before any
    /// read), the customer must exist in the tenant (else NotFound), and If-Match must name its current version
    /// (else VersionStale). Answers the current version.
    /// </summary>
    public static async Task<Outcome<VersionedCustomer>> ReadForWriteAsync(
        this ICustomerRepository customers, TenantId tenantId, string id, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        if (!ifMatch.IsPresent)
        {
            return new CustomerFailure.VersionRequired();
        }

        if (!CustomerId.TryParse(id, out var customerId)
            || await customers.FindByIdAsync(tenantId, customerId, cancellationToken) is not { } current)
        {
            return new CustomerFailure.NotFound();
        }

        // RFC 9110 §13.2.2: the precondition is decided before the request content is processed.
        return ifMatch.Matches(current.ETag) ? current : new CustomerFailure.VersionStale();
    }
}
