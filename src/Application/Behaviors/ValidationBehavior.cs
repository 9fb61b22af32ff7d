using Ardalis.Result;
using FluentValidation;
using Mediator;

namespace Alvys.Customers.Application.Behaviors;

/// <summary>
/// Runs the request's FluentValidation validators and answers <c>Result.Invalid</c> instead of calling the
/// handler: invalid input is an expected outcome, not an exception.
/// </summary>
public sealed class ValidationBehavior<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, IMessage
    where TResponse : IResult
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

        return errors is null ? await next(request, cancellationToken) : InvalidResult<TResponse>.From(errors);
    }
}

/// <summary>Builds <c>Result&lt;T&gt;.Invalid</c> for a response type known only as a type parameter; bound once per type.</summary>
internal static class InvalidResult<TResponse>
{
    private static readonly Func<List<ValidationError>, TResponse> Factory = Build();

    public static TResponse From(List<ValidationError> errors) => Factory(errors);

    private static Func<List<ValidationError>, TResponse> Build()
    {
        if (typeof(TResponse) == typeof(Result))
        {
            return errors => (TResponse)(object)Result.Invalid(errors);
        }

        if (typeof(TResponse).IsGenericType && typeof(TResponse).GetGenericTypeDefinition() == typeof(Result<>))
        {
            var invalid = typeof(TResponse).GetMethod(nameof(Result.Invalid), [typeof(IEnumerable<ValidationError>)])
                ?? throw new InvalidOperationException($"{typeof(TResponse)} has no Invalid(IEnumerable<ValidationError>).");
            return errors => (TResponse)invalid.Invoke(null, [errors])!;
        }

        throw new InvalidOperationException($"Validated requests must answer Result or Result<T>, not {typeof(TResponse)}.");
    }
}
