using Alvys.Customers.Domain.Customers;
using Ardalis.Result;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Behaviors;

/// <summary>
/// Runs the request's FluentValidation validators and answers <see cref="CustomerFailure.Invalid"/> instead of
/// calling the handler: invalid input is an expected outcome, not an exception.
/// </summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, IMessage
    where TResponse : IOutcome<TResponse>
{
    private readonly IValidator<TRequest>[] _validators = validators.ToArray();

    public async ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        if (_validators.Length == 0)
        {
            return await next(request, cancellationToken);
        }

        List<ValidationError>? errors = null;
        foreach (var validator in _validators)
        {
            var outcome = await validator.ValidateAsync(request, cancellationToken);
            foreach (var failure in outcome.Errors)
            {
                (errors ??= []).Add(new ValidationError(failure.PropertyName, failure.ErrorMessage, failure.ErrorCode, ValidationSeverity.Error));
            }
        }

        return errors is null ? await next(request, cancellationToken) : TResponse.Failed(new CustomerFailure.Invalid(errors));
    }
}
