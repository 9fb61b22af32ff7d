using Alvys.Customers.Application.Customers;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Alvys.Customers.Api.Http;

/// <summary>Conditional-request headers (RFC 9110 §8.8.3, §13.1), read with the framework's entity-tag parser.</summary>
public static class EntityTags
{
    /// <summary>
    /// If-None-Match uses the weak comparison: <c>W/"x"</c> matches <c>"x"</c>; <c>*</c> matches any current
    /// representation. An unparsable header never matches, so the full response is sent.
    /// </summary>
    public static bool IfNoneMatchMatches(StringValues header, string currentETag)
    {
        if (StringValues.IsNullOrEmpty(header) || !EntityTagHeaderValue.TryParse(currentETag, out var current))
        {
            return false;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var candidates))
        {
            return false;
        }

        foreach (var candidate in candidates)
        {
            if (candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(current, useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether every line of a conditional header is <c>*</c> or an entity-tag list (RFC 9110 §8.8.3). A line with no
    /// quote at all passes: it is read as bare, unquoted tags, which some partner HTTP stacks send.
    /// </summary>
    public static bool IsWellFormed(StringValues header)
    {
        foreach (var line in header)
        {
            if (!string.IsNullOrWhiteSpace(line) && line.Contains('"', StringComparison.Ordinal) && !EntityTagHeaderValue.TryParseStrictList([line], out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The version a write is conditional on (RFC 9110 §13.1.1): every If-Match line of the request as one list,
    /// <c>*</c> for any version, strong tags only (a weak tag never matches under the strong comparison If-Match
    /// requires). A line of bare, unquoted tags is tolerated, since some partner HTTP stacks strip the quotes;
    /// a line that is neither parses to nothing, so it matches no version (<see cref="WellFormedConditions"/> refuses it first).
    /// </summary>
    public static IfMatch ParseIfMatch(StringValues header)
    {
        var lines = header.Where(line => !string.IsNullOrWhiteSpace(line)).ToArray();
        if (lines.Length == 0)
        {
            return Application.Customers.IfMatch.Missing;
        }

        var tags = new List<string>();
        foreach (var line in lines)
        {
            if (EntityTagHeaderValue.TryParseList([line!], out var parsed))
            {
                if (parsed.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
                {
                    return Application.Customers.IfMatch.Any;
                }

                tags.AddRange(parsed.Where(tag => !tag.IsWeak).Select(tag => tag.Tag.Value!));
            }
            else if (!line!.Contains('"', StringComparison.Ordinal))
            {
                tags.AddRange(line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(bare => '"' + bare + '"'));
            }
        }

        return Application.Customers.IfMatch.OneOf(tags);
    }
}
