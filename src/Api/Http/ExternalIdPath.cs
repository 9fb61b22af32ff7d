using Microsoft.AspNetCore.Http.Features;

namespace Alvys.Customers.Api.Http;

/// <summary>
/// The <c>{externalId}</c> of <c>/customers/external/{externalId}</c>, percent-decoded once: <c>%2F</c> is a <c>/</c>.
/// The server decodes every escape of a path but <c>%2F</c> (which would split the segment), so the route value is
/// ambiguous — <c>a%2Fb</c> and <c>a%252Fb</c> both arrive as <c>a%2Fb</c>. The request target as sent is not.
/// </summary>
public static class ExternalIdPath
{
    private const string Segment = "/external/";

    public static string Of(HttpContext context, string routeValue)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = string.IsNullOrEmpty(target) ? null : target.Split('?', 2)[0];
        var at = path?.LastIndexOf(Segment, StringComparison.OrdinalIgnoreCase) ?? -1;
        // Hosts without the raw target (the test server) hand over the path with %2F kept as it was sent.
        return at < 0 ? routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : Uri.UnescapeDataString(path![(at + Segment.Length)..]);
    }

    /// <summary><c>…/customers/{id}</c> beside <c>…/customers/external/…</c>.</summary>
    public static string CustomerLocation(HttpRequest request, string id)
    {
        var path = request.Path.Value!;
        var at = path.LastIndexOf(Segment, StringComparison.OrdinalIgnoreCase);
        return $"{request.PathBase}{path[..at]}/{id}";
    }
}
