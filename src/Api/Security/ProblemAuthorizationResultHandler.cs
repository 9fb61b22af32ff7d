using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Alvys.Customers.Api.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Alvys.Customers.Api.Security;

/// <summary>Answers 401 and 403 as problem details, keeping the bearer challenge's WWW-Authenticate header.</summary>
internal sealed class ProblemAuthorizationResultHandler(ProblemWriter problems, IOptionsMonitor<JwtBearerOptions> bearer) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            // The bearer handler sets 401 and `WWW-Authenticate: Bearer …` (with error="invalid_token" and
            // a description when a token was sent but rejected); the problem body follows.
            await context.ChallengeAsync();
            // The handler answers the authentication it already ran for this request: no token is validated twice.
            var authentication = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            var expected = bearer.Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;
            await problems.WriteAsync(context, ProblemKind.Unauthorized, UnauthorizedDetail.For(authentication, expected));
            return;
        }

        if (authorizeResult.Forbidden)
        {
            // One requirement can be judged more than once (the tenant by the endpoint's policy and by the action's): each
            // reason is said once.
            var reasons = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).Distinct(StringComparer.Ordinal).ToArray() ?? [];
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(
                context,
                ProblemKind.Forbidden,
                reasons.Length > 0 ? string.Join(" ", reasons) : "The access token does not permit this operation.");
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
