namespace Alvys.Customers.Application.Customers;

/// <summary>
/// The <c>If-Match</c> precondition of a write (RFC 9110 §13.1.1): <c>*</c>, or a list of entity tags compared
/// strongly — a weak tag never matches. A bare, unquoted tag is tolerated, since some partner HTTP stacks strip quotes.
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

    public static IfMatch Missing { get; } = new(false, false, []);

    public bool IsPresent { get; }

    public bool IsAny { get; }

    /// <summary>Parses every <c>If-Match</c> header line of a request; an unparsable member simply never matches.</summary>
    public static IfMatch Parse(IEnumerable<string?> headerValues)
    {
        var values = headerValues.Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
        if (values.Length == 0)
        {
            return Missing;
        }

        var tags = new List<string>();
        var any = false;
        foreach (var member in values.SelectMany(SplitList))
        {
            if (member == "*")
            {
                any = true;
            }
            else if (member.StartsWith("W/", StringComparison.Ordinal))
            {
                // Weak tags are never equal under the strong comparison If-Match requires.
            }
            else if (member.Length >= 2 && member[0] == '"' && member[^1] == '"')
            {
                tags.Add(member);
            }
            else if (!member.Contains('"', StringComparison.Ordinal))
            {
                tags.Add('"' + member + '"');
            }
        }

        return new IfMatch(true, any, [.. tags]);
    }

    public bool Matches(string currentETag) =>
        IsAny || Array.Exists(_strongTags, tag => string.Equals(tag, currentETag, StringComparison.Ordinal));

    /// <summary>Splits on commas outside quotes: an entity tag may itself contain a comma.</summary>
    private static IEnumerable<string> SplitList(string? header)
    {
        if (header is null)
        {
            yield break;
        }

        var start = 0;
        var quoted = false;
        for (var i = 0; i <= header.Length; i++)
        {
            if (i == header.Length || (header[i] == ',' && !quoted))
            {
                var member = header[start..i].Trim();
                if (member.Length > 0)
                {
                    yield return member;
                }

                start = i + 1;
            }
            else if (header[i] == '"')
            {
                quoted = !quoted;
            }
        }
    }
}
