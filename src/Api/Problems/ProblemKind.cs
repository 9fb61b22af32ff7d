namespace Alvys.Customers.Api.Problems;

/// <summary>
/// Every kind of problem the API answers with. The name is the last segment of the problem <c>type</c>
/// URI (<c>{Problems:BaseUri}{Name}</c>), which partners switch on; the title is fixed per kind (RFC 9457 §3.1.3).
/// </summary>
public sealed record ProblemKind(string Name, int Status, string Title)
{
    public static readonly ProblemKind ValidationFailed = new(nameof(ValidationFailed), 400, "The request is not valid.");
    public static readonly ProblemKind InvalidCursor = new(nameof(InvalidCursor), 400, "The changes cursor is not valid.");
    public static readonly ProblemKind Unauthorized = new(nameof(Unauthorized), 401, "Authentication is required.");
    public static readonly ProblemKind Forbidden = new(nameof(Forbidden), 403, "The caller is not allowed to do this.");
    public static readonly ProblemKind NotFound = new(nameof(NotFound), 404, "The resource was not found.");
    public static readonly ProblemKind MethodNotAllowed = new(nameof(MethodNotAllowed), 405, "The method is not allowed on this resource.");
    public static readonly ProblemKind NotAcceptable = new(nameof(NotAcceptable), 406, "No acceptable representation is available.");
    public static readonly ProblemKind DuplicateCustomer = new(nameof(DuplicateCustomer), 409, "A customer with the same unique value already exists.");
    public static readonly ProblemKind WriteContention = new(nameof(WriteContention), 409, "The customer is being written too often to apply this change now.");
    public static readonly ProblemKind WebhookLimitReached = new(nameof(WebhookLimitReached), 409, "The tenant holds as many webhooks as it may.");
    public static readonly ProblemKind PreconditionFailed = new(nameof(PreconditionFailed), 412, "The resource has changed since it was read.");
    public static readonly ProblemKind PayloadTooLarge = new(nameof(PayloadTooLarge), 413, "The request body is too large.");
    public static readonly ProblemKind UriTooLong = new(nameof(UriTooLong), 414, "The request's URI is too long.");
    public static readonly ProblemKind UnsupportedMediaType = new(nameof(UnsupportedMediaType), 415, "The request body's media type is not supported.");
    public static readonly ProblemKind IdempotencyKeyReused = new(nameof(IdempotencyKeyReused), 422, "The Idempotency-Key was used for a different request.");
    public static readonly ProblemKind PreconditionRequired = new(nameof(PreconditionRequired), 428, "The request must be conditional.");
    public static readonly ProblemKind RateLimited = new(nameof(RateLimited), 429, "Too many requests.");
    public static readonly ProblemKind RequestHeadersTooLarge = new(nameof(RequestHeadersTooLarge), 431, "The request's headers are too large.");
    public static readonly ProblemKind InternalError = new(nameof(InternalError), 500, "The service failed to handle the request.");
    public static readonly ProblemKind ServiceUnavailable = new(nameof(ServiceUnavailable), 503, "The service is temporarily unavailable.");
    public static readonly ProblemKind EndpointDisabled = new(nameof(EndpointDisabled), 503, "This endpoint is temporarily disabled.");

    private static readonly ProblemKind[] ByStatusCandidates =
    [
        ValidationFailed, Unauthorized, Forbidden, NotFound, MethodNotAllowed, NotAcceptable, DuplicateCustomer,
        PreconditionFailed, PayloadTooLarge, UriTooLong, UnsupportedMediaType, PreconditionRequired, RateLimited, RequestHeadersTooLarge,
        InternalError, ServiceUnavailable,
    ];

    /// <summary>The kind for a bare status code produced by the framework (routing, body limits, …).</summary>
    public static ProblemKind ForStatus(int status) =>
        Array.Find(ByStatusCandidates, k => k.Status == status)
        ?? (status >= 500 ? InternalError : new ProblemKind("ClientError", status, "The request could not be handled."));
}
