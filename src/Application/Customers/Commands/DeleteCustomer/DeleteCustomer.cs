using Alvys.Customers.Domain.Customers;
using Ardalis.Result;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.DeleteCustomer;

/// <summary>Soft-deletes a customer on condition of <paramref name="IfMatch"/>; answers the ETag of the Inactive version.</summary>
public sealed record DeleteCustomer(TenantId TenantId, string Id, IfMatch IfMatch) : ICommand<Result<string>>;

internal sealed class DeleteCustomerValidator : AbstractValidator<DeleteCustomer>
{
    public DeleteCustomerValidator() =>
        RuleFor(c => c.Id).NotEmpty().OverridePropertyName("id").WithMessage("id must not be blank.");
}

internal sealed class DeleteCustomerHandler(ICustomerRepository customers, TimeProvider clock)
    : ICommandHandler<DeleteCustomer, Result<string>>
{
    public async ValueTask<Result<string>> Handle(DeleteCustomer request, CancellationToken cancellationToken)
    {
        var (stored, failure) = await customers.ReadForWriteAsync<string>(request.TenantId, request.Id, request.IfMatch, cancellationToken);
        if (stored is null)
        {
            return failure!;
        }

        // Already Inactive: nothing to write; the current version is the deleted one.
        if (!stored.Customer.SoftDelete(clock.GetUtcNow()))
        {
            return stored.ETag;
        }

        var outcome = await customers.ReplaceAsync(stored.Customer, stored.ETag, cancellationToken);
        return outcome is WriteOutcome.Written written ? written.ETag : outcome.ToFailure<string>();
    }
}
