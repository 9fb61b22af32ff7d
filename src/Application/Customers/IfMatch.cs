namespace Alvys.Customers.Application.Customers;

/// <summary>
/// The version a write is conditional on — a request's <c>If-Match</c> (RFC 9110 §13.1.1), already parsed by the
/// Api: missing, any current version (<c>*</c>), or one of a list of strong entity tags.
/// </summary>
public sealed class IfMatch
{
    private readonly string[] _strongTags;

    private IfMatch(bool isPresent, bool isAny, string[] strongTags)
    {
        IsPresent = isPresent;
        IsAny = isAny;
        _strongTags = strongTags;
    }

    /// <summary>No If-Match was sent: a conditional write cannot go ahead (428).</summary>
    public static IfMatch Missing { get; } = new(false, false, []);

    /// <summary><c>If-Match: *</c>: whatever the current version is.</summary>
    public static IfMatch Any { get; } = new(true, true, []);

    public bool IsPresent { get; }

    public bool IsAny { get; }

    /// <summary>Any of <paramref name="strongTags"/> (quoted, as ETags are sent); an empty list matches nothing.</summary>
    public static IfMatch OneOf(IEnumerable<string> strongTags) => new(true, false, [.. strongTags]);

    public bool Matches(string currentETag) =>
        IsAny || Array.Exists(_strongTags, tag => string.Equals(tag, currentETag, StringComparison.Ordinal));
}
