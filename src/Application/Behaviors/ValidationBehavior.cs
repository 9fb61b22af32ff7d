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

    /// <summary>
    /// Validators without asynchronous rules finish at once; then the request goes on to the handler with no state
    /// machine of this behaviour in between. A validator still running is awaited on the slower path.
    /// </summary>
    public ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        List<ValidationError>? errors = null;
        for (var i = 0; i < _validators.Length; i++)
        {
            var validating = _validators[i].ValidateAsync(request, cancellationToken);
            if (!validating.IsCompletedSuccessfully)
            {
                return HandleAfter(validating, i + 1, errors, request, next, cancellationToken);
            }

            Collect(validating.Result, ref errors);
        }

        return Decide(errors, request, next, cancellationToken);
    }

    private async ValueTask<TResponse> HandleAfter(
        Task<FluentValidation.Results.ValidationResult> validating, int nextValidator, List<ValidationError>? errors,
        TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        Collect(await validating, ref errors);
        for (var i = nextValidator; i < _validators.Length; i++)
        {
            Collect(await _validators[i].ValidateAsync(request, cancellationToken), ref errors);
        }

        return await Decide(errors, request, next, cancellationToken);
    }

    private static ValueTask<TResponse> Decide(
        List<ValidationError>? errors, TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken) =>
        errors is null ? next(request, cancellationToken) : ValueTask.FromResult(TResponse.Failed(new CustomerFailure.Invalid(errors)));

    private static void Collect(FluentValidation.Results.ValidationResult outcome, ref List<ValidationError>? errors)
    {
        foreach (var failure in outcome.Errors)
        {
            (errors ??= []).Add(new ValidationError(failure.PropertyName, failure.ErrorMessage, failure.ErrorCode, ValidationSeverity.Error));
        }
    }
}
