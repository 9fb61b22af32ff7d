using Alvys.Customers.Domain.Customers;
using Ardalis.Result;

namespace Alvys.Customers.Application.Customers;

internal static class ConditionalRead
{
    /// <summary>
    /// The first steps of every conditional write: If-Match must be present (else 428, before any read), the
    /// customer must exist in the tenant (else 404), and If-Match must name its current version (else 412).
    /// Returns the current version, or the failure to answer with.
    /// </summary>
    public static async Task<(VersionedCustomer? Current, Result<T>? Failure)> ReadForWriteAsync<T>(
        this ICustomerRepository customers, TenantId tenantId, string id, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        if (!ifMatch.IsPresent)
        {
            return (null, PreconditionResult<T>.Missing());
        }

        if (!CustomerId.TryParse(id, out var customerId)
            || await customers.FindByIdAsync(tenantId, customerId, cancellationToken) is not { } current)
        {
            return (null, Result<T>.NotFound());
        }

        // RFC 9110 §13.2.2: the precondition is decided before the request content is processed.
        return ifMatch.Matches(current.ETag) ? (current, null) : (null, PreconditionResult<T>.Failed());
    }
}
