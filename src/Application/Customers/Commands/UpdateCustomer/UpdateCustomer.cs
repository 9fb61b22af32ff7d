using System.Text.Json;
using Alvys.Customers.Application.Customers.Commands.CreateCustomer;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.UpdateCustomer;

/// <summary>Applies a JSON Merge Patch to a customer's writable fields, on condition of <paramref name="IfMatch"/>.</summary>
public sealed record UpdateCustomer(TenantId TenantId, string Id, JsonElement Patch, IfMatch IfMatch) : ICommand<Result<CustomerWritten>>;

internal sealed class UpdateCustomerValidator : AbstractValidator<UpdateCustomer>
{
    public UpdateCustomerValidator() =>
        RuleFor(c => c.Patch.ValueKind).Equal(JsonValueKind.Object)
            .OverridePropertyName("body").WithMessage("A merge patch must be a JSON object.");
}

internal sealed class UpdateCustomerHandler(ICustomerRepository customers, TimeProvider clock)
    : ICommandHandler<UpdateCustomer, Result<CustomerWritten>>
{
    public async ValueTask<Result<CustomerWritten>> Handle(UpdateCustomer request, CancellationToken cancellationToken)
    {
        var (stored, failure) = await customers.ReadForWriteAsync<CustomerWritten>(request.TenantId, request.Id, request.IfMatch, cancellationToken);
        if (stored is null)
        {
            return failure!;
        }

        var customer = stored.Customer;
        var fields = CustomerMergePatch.Apply(customer.WritableFields, request.Patch);
        if (!fields.IsSuccess)
        {
            return Result.Invalid(fields.ValidationErrors);
        }

        var applied = customer.Apply(fields.Value, clock.GetUtcNow());
        if (!applied.IsSuccess)
        {
            return Result.Invalid(applied.ValidationErrors);
        }

        if (!applied.Value)
        {
            // Nothing changed: no write, and the version the partner holds stays current.
            return new CustomerWritten(CustomerWriteResponse.From(customer, stored.ETag), stored.ETag);
        }

        // Conditional on the version read above, so a write that raced in between turns this one into a 412.
        var outcome = await customers.ReplaceAsync(customer, stored.ETag, cancellationToken);
        return outcome is WriteOutcome.Written written
            ? new CustomerWritten(CustomerWriteResponse.From(customer, written.ETag), written.ETag)
            : outcome.ToFailure<CustomerWritten>();
    }
}
