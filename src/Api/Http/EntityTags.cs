using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Alvys.Customers.Api.Http;

/// <summary>Entity-tag comparison for conditional requests (RFC 9110 §8.8.3, §13.1).</summary>
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
}
