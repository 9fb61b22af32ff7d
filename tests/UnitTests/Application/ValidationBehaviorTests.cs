using Alvys.Customers.Application.Behaviors;
using Alvys.Customers.Application.Customers;
using Alvys.Customers.Application.Customers.Queries.GetCustomer;
using Alvys.Customers.Domain.Customers;
using FluentValidation;

namespace Alvys.Customers.UnitTests.Application;

/// <summary>
/// Validation answers at once when every validator finished at once, and awaits a validator that is still running;
/// either way every validator's errors are reported together and the handler runs only when there are none.
/// </summary>
public sealed class ValidationBehaviorTests
{
    private static readonly TenantId Tenant = TenantId.From("tenant-a");

    [Fact]
    public async Task ErrorsOfSynchronousAndAsynchronousValidators_AreReportedTogether_WithoutReachingTheHandler()
    {
        var handlerCalls = 0;
        var behavior = new ValidationBehavior<GetCustomer, Outcome<CustomerRead>>(
            [new IdMustBeLong(), new CompanyNumberCheckedLater(ok: false), new IdMustBeLong()]);

        var result = await behavior.Handle(GetCustomer.ById(Tenant, "short"), Handler(() => handlerCalls++), CancellationToken.None);

        var invalid = Assert.IsType<CustomerFailure.Invalid>(result.Failure);
        Assert.Equal(["Id", "CompanyNumber", "Id"], invalid.Errors.Select(e => e.Identifier));
        Assert.Equal(0, handlerCalls);
    }

    [Fact]
    public async Task PendingValidatorThatPasses_ThenTheHandlerRunsOnce()
    {
        var handlerCalls = 0;
        var behavior = new ValidationBehavior<GetCustomer, Outcome<CustomerRead>>(
            [new CompanyNumberCheckedLater(ok: true), new IdMustBeLong()]);

        var result = await behavior.Handle(GetCustomer.ById(Tenant, "long-enough-id"), Handler(() => handlerCalls++), CancellationToken.None);

        Assert.IsType<CustomerFailure.NotFound>(result.Failure);
        Assert.Equal(1, handlerCalls);
    }

    [Fact]
    public async Task ValidatorsThatFinishAtOnce_HandTheHandlersOwnValueTaskBack()
    {
        // The premise: FluentValidation finishes a validator without asynchronous rules before ValidateAsync returns.
        Assert.True(new IdMustBeLong().ValidateAsync(GetCustomer.ById(Tenant, "long-enough-id")).IsCompletedSuccessfully);
        var pending = new TaskCompletionSource<Outcome<CustomerRead>>();
        var behavior = new ValidationBehavior<GetCustomer, Outcome<CustomerRead>>([new IdMustBeLong()]);

        var answer = behavior.Handle(GetCustomer.ById(Tenant, "long-enough-id"), (_, _) => new ValueTask<Outcome<CustomerRead>>(pending.Task), CancellationToken.None);

        Assert.False(answer.IsCompleted);
        pending.SetResult(new CustomerFailure.NotFound());
        Assert.IsType<CustomerFailure.NotFound>((await answer).Failure);
    }

    private static Mediator.MessageHandlerDelegate<GetCustomer, Outcome<CustomerRead>> Handler(Action called) => (_, _) =>
    {
        called();
        return ValueTask.FromResult<Outcome<CustomerRead>>(new CustomerFailure.NotFound());
    };

    private sealed class IdMustBeLong : AbstractValidator<GetCustomer>
    {
        public IdMustBeLong() => RuleFor(q => q.Id).MinimumLength(10);
    }

    /// <summary>A rule that answers only after yielding: its validation is still running when ValidateAsync returns.</summary>
    private sealed class CompanyNumberCheckedLater : AbstractValidator<GetCustomer>
    {
        public CompanyNumberCheckedLater(bool ok) => RuleFor(q => q.CompanyNumber).MustAsync(async (_, _) =>
        {
            await Task.Yield();
            return ok;
        });
    }
}
