using Alvys.Customers.Domain.Customers;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.DeleteCustomer;

/// <summary>Soft-deletes a customer on condition of <paramref name="IfMatch"/>; answers the ETag of the Inactive version.</summary>
public sealed record DeleteCustomer(TenantId TenantId, string Id, IfMatch IfMatch) : ICommand<Outcome<string>>;

internal sealed class DeleteCustomerValidator : AbstractValidator<DeleteCustomer>
{
    public DeleteCustomerValidator() =>
        RuleFor(c => c.Id).NotEmpty().OverridePropertyName("id").WithMessage("id must not be blank.");
}

internal sealed class DeleteCustomerHandler(ICustomerRepository customers, TimeProvider clock)
    : ICommandHandler<DeleteCustomer, Outcome<string>>
{
    public async ValueTask<Outcome<string>> Handle(DeleteCustomer request, CancellationToken cancellationToken)
    {
        var stored = await customers.ReadForWriteAsync(request.TenantId, request.Id, request.IfMatch, cancellationToken);
        if (!stored.IsSuccess)
        {
            return stored.Failure!;
        }

        var (customer, etag) = stored.Value;
        // Already Inactive: nothing to write; the current version is the deleted one.
        return customer.SoftDelete(clock.GetUtcNow())
            ? await customers.ReplaceAsync(customer, etag, cancellationToken)
            : etag;
    }
}
