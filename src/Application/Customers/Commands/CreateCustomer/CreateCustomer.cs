using System.Text.Json;
using Alvys.Customers.Domain.Customers;
using Ardalis.Result;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Customers.Commands.CreateCustomer;

/// <summary>Creates a customer in the caller's tenant from the writable fields of <paramref name="Body"/>.</summary>
public sealed record CreateCustomer(TenantId TenantId, JsonElement Body) : ICommand<Result<CustomerWritten>>;

/// <summary>A customer as just written, with the ETag of the new version.</summary>
public sealed record CustomerWritten(CustomerWriteResponse Customer, string ETag);

internal sealed class CreateCustomerValidator : AbstractValidator<CreateCustomer>
{
    public CreateCustomerValidator() =>
        RuleFor(c => c.Body.ValueKind).Equal(JsonValueKind.Object)
            .OverridePropertyName("body").WithMessage("The request body must be a JSON object.");
}

internal sealed class CreateCustomerHandler(ICustomerRepository customers, TimeProvider clock)
    : ICommandHandler<CreateCustomer, Result<CustomerWritten>>
{
    public async ValueTask<Result<CustomerWritten>> Handle(CreateCustomer request, CancellationToken cancellationToken)
    {
        var fields = CustomerMergePatch.Apply(CustomerMergePatch.NoFields, request.Body);
        if (!fields.IsSuccess)
        {
            return Result.Invalid(fields.ValidationErrors);
        }

        var created = Customer.Create(request.TenantId, fields.Value, clock.GetUtcNow());
        if (!created.IsSuccess)
        {
            return Result.Invalid(created.ValidationErrors);
        }

        var outcome = await customers.AddAsync(created.Value, cancellationToken);
        return outcome is WriteOutcome.Written written
            ? Result.Created(new CustomerWritten(CustomerWriteResponse.From(created.Value, written.ETag), written.ETag))
            : outcome.ToFailure<CustomerWritten>();
    }
}
