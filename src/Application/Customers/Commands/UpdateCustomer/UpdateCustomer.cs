using Alvys.Customers.Application.Customers.Commands.CreateCustomer;
using Alvys.Customers.Domain.Customers;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.UpdateCustomer;

/// <summary>
/// Applies a merge patch to a customer's writable fields, on condition of <paramref name="IfMatch"/>. The
/// <paramref name="Patch"/> is as it was read from the request: when it could not be read, that is reported only
/// after the precondition has been decided (RFC 9110 §13.2.2), as for any other fault of the content.
/// </summary>
public sealed record UpdateCustomer(TenantId TenantId, string Id, Outcome<CustomerPatch> Patch, IfMatch IfMatch) : ICommand<Outcome<CustomerWritten>>;

internal sealed class UpdateCustomerHandler(ICustomerRepository customers, TimeProvider clock)
    : ICommandHandler<UpdateCustomer, Outcome<CustomerWritten>>
{
    public async ValueTask<Outcome<CustomerWritten>> Handle(UpdateCustomer request, CancellationToken cancellationToken)
    {
        var stored = await customers.ReadForWriteAsync(request.TenantId, request.Id, request.IfMatch, cancellationToken);
        if (!stored.IsSuccess)
        {
            return stored.Failure!;
        }

        if (!request.Patch.IsSuccess)
        {
            return request.Patch.Failure!;
        }

        var (customer, etag) = stored.Value;
        var changed = customer.Apply(request.Patch.Value, clock.GetUtcNow());
        if (!changed.IsSuccess)
        {
            return changed.Failure!;
        }

        if (!changed.Value)
        {
            // Nothing changed: no write, and the version the partner holds stays current.
            return CustomerWritten.From(customer, etag);
        }

        // Conditional on the version read above, so a write that raced in between turns this one into a 412.
        var written = await customers.ReplaceAsync(customer, etag, cancellationToken);
        return written.Map(newETag => CustomerWritten.From(customer, newETag));
    }
}
