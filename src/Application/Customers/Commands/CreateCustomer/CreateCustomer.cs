using Alvys.Customers.Domain.Customers;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.CreateCustomer;

/// <summary>Creates a customer in the caller's tenant from the writable <paramref name="Fields"/> a partner sent.</summary>
public sealed record CreateCustomer(TenantId TenantId, CustomerFields Fields) : ICommand<Outcome<CustomerWritten>>;

/// <summary>A customer as just written, with the ETag of the new version.</summary>
public sealed record CustomerWritten(CustomerWriteResponse Customer, string ETag)
{
    public static CustomerWritten From(Customer customer, string etag) => new(CustomerWriteResponse.From(customer, etag), etag);
}

internal sealed class CreateCustomerHandler(ICustomerRepository customers, TimeProvider clock)
    : ICommandHandler<CreateCustomer, Outcome<CustomerWritten>>
{
    public async ValueTask<Outcome<CustomerWritten>> Handle(CreateCustomer request, CancellationToken cancellationToken)
    {
        var created = Customer.Create(request.TenantId, request.Fields, clock.GetUtcNow());
        if (!created.IsSuccess)
        {
            return created.Failure!;
        }

        var written = await customers.AddAsync(created.Value, cancellationToken);
        return written.Map(etag => CustomerWritten.From(created.Value, etag));
    }
}
