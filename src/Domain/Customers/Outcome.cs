namespace Alvys.Customers.Domain.Customers;

/// <summary>An outcome of any type that can be built from a failure alone (what a pipeline step answers with).</summary>
public interface IOutcome<out TSelf>
    where TSelf : IOutcome<TSelf>
{
    /// <summary>The failure, or null on success.</summary>
    CustomerFailure? Failure { get; }

    static abstract TSelf Failed(CustomerFailure failure);
}

/// <summary>The result of an operation on customers: a <typeparamref name="T"/>, or one <see cref="CustomerFailure"/>.</summary>
public readonly struct Outcome<T> : IOutcome<Outcome<T>>
{
    private readonly T? _value;

    private Outcome(T? value, CustomerFailure? failure)
    {
        _value = value;
        Failure = failure;
    }

    public CustomerFailure? Failure { get; }

    public bool IsSuccess => Failure is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"The operation failed ({Failure!.Name}); it has no value.");

    /// <summary>The outcome's name as logs show it: <c>Success</c> or the failure's case.</summary>
    public string Name => Failure?.Name ?? "Success";

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(CustomerFailure failure) => new(default, failure ?? throw new ArgumentNullException(nameof(failure)));

    public static Outcome<T> Failed(CustomerFailure failure) => failure;

    /// <summary>The same failure, or the value turned into another.</summary>
    public Outcome<TOther> Map<TOther>(Func<T, TOther> map) => IsSuccess ? map(_value!) : Failure!;
}
