namespace Alvys.Customers.Domain.Customers;

/// <summary>
/// One member of an RFC 7396 merge patch: absent (leave the field as it is), null (remove it), or a value. A plain
/// nullable cannot tell the first two apart, and a patch must.
/// </summary>
public readonly record struct Optional<T>
{
    private readonly T? _value;

    private Optional(T? value, bool hasValue)
    {
        IsPresent = true;
        HasValue = hasValue;
        _value = value;
    }

    /// <summary>The member was not sent: the field stays as it is.</summary>
    public static Optional<T> Absent => default;

    /// <summary>The member was sent as <c>null</c>: the field is removed.</summary>
    public static Optional<T> Null => new(default, hasValue: false);

    public bool IsPresent { get; }

    /// <summary>Sent, and not null.</summary>
    public bool HasValue { get; }

    public T Value => HasValue ? _value! : throw new InvalidOperationException("The member was not sent with a value.");

    /// <summary>The value sent, or <paramref name="absent"/> when the member was not sent; null when it was sent as null.</summary>
    public T? Or(T? absent) => IsPresent ? _value : absent;

    public static implicit operator Optional<T>(T? value) => value is null ? Null : new(value, hasValue: true);
}
