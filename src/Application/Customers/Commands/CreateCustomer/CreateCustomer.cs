using Alvys.Customers.Domain.Customers;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.CreateCustomer;

/// <summary>
/// Creates a customer in the caller's tenant from the writable <paramref name="Fields"/> a partner sent. With an
/// <paramref name="IdempotencyKey"/>, a retry of the same request answers the customer the first one made (marked
/// <see cref="CustomerWritten.Replayed"/>) and writes nothing; another request with the key is refused.
/// </summary>
public sealed record CreateCustomer(TenantId TenantId, CustomerPatch Fields, IdempotencyKey? IdempotencyKey = null) : ICommand<Outcome<CustomerWritten>>;

/// <summary>A customer as just written, with the ETag of the new version.</summary>
public sealed record CustomerWritten(CustomerWriteResponse Customer, string ETag, bool Replayed = false)
{
    public static CustomerWritten From(Customer customer, string etag, bool replayed = false) => new(CustomerWriteResponse.From(customer, etag), etag, replayed);
}

internal sealed class CreateCustomerHandler(ICustomerRepository customers, TimeProvider clock)
    : ICommandHandler<CreateCustomer, Outcome<CustomerWritten>>
{
    public async ValueTask<Outcome<CustomerWritten>> Handle(CreateCustomer request, CancellationToken cancellationToken)
    {
        var created = Customer.Create(request.TenantId, request.Fields, clock.GetUtcNow(), request.IdempotencyKey);
        if (!created.IsSuccess)
        {
            return created.Failure!;
        }

        if (request.IdempotencyKey is null)
        {
            var written = await customers.AddAsync(created.Value, cancellationToken);
            return written.Map(etag => CustomerWritten.From(created.Value, etag));
        }

        // The key's id lets one create through; a retry finds the customer it made and is answered with it.
        var once = await customers.AddOnceAsync(created.Value, cancellationToken);
        if (!once.IsSuccess)
        {
            return once.Failure!;
        }

        var (stored, wasCreated) = once.Value;
        return wasCreated || stored.Customer.WasCreatedBy(request.Fields)
            ? CustomerWritten.From(stored.Customer, stored.ETag, replayed: !wasCreated)
            : new CustomerFailure.IdempotencyKeyReused(stored.Customer.Id.Value);
    }
}
