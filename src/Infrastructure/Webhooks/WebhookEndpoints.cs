using System.Net;
using System.Text;
using System.Text.Json;
using Alvys.Customers.Domain.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>The partners' endpoints over HTTP, every connection made by <see cref="GuardedConnections"/>.</summary>
internal sealed partial class WebhookEndpoints(IOptions<WebhookOptions> options, WebhookHostResolver resolver, ILogger<WebhookEndpoints> logger) : IWebhookEndpoints, IDisposable
{
    public const string UserAgent = "Alvys-Webhook/1.0";
    public const string VerificationEvent = "webhook.verification";

    /// <summary>An answer to a challenge is a few bytes; a larger one is no answer, and is not read to its end.</summary>
    private const int MaxChallengeAnswerBytes = 4096;

    // The per-request deadline is the settings' own: the client's is only a ceiling.
    private readonly HttpClient _client = new(GuardedConnections.CreateHandler(options.Value.AllowLoopbackTargets, resolver)) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<bool> AnswersChallengeAsync(WebhookUrl url, string challenge, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.VerificationTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url.Value)
        {
            Content = new StringContent(JsonSerializer.Serialize(new ChallengeBody(VerificationEvent, challenge), WebhookWireJson.Default.ChallengeBody), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Add("X-Alvys-Event", VerificationEvent);
        request.Headers.Add("X-Alvys-Challenge", challenge);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogNotVerified(logger, url.Value.Host, $"answered {(int)response.StatusCode}");
                return false;
            }

            var answer = await ReadBoundedAsync(response, deadline.Token);
            var echoed = answer is not null && Echoes(answer, challenge);
            if (!echoed)
            {
                LogNotVerified(logger, url.Value.Host, "answered 200 without the challenge");
            }

            return echoed;
        }
        catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // An endpoint that cannot be reached, refuses the connection or answers too late has not answered: Pending, VerificationFailed.
            LogNotVerified(logger, url.Value.Host, failure is OperationCanceledException ? "did not answer in time" : failure.Message);
            return false;
        }
    }

    public async Task<AttemptOutcome> DeliverAsync(WebhookUrl url, EventPost post, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.Timeout);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var content = new ByteArrayContent(post.Body.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url.Value) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        request.Headers.Add("X-Alvys-Event", post.EventType);
        request.Headers.Add("X-Alvys-Event-Id", post.EventId);
        request.Headers.Add("X-Alvys-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Alvys-Attempt", post.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("X-Alvys-Signature", WebhookSignature.Header(timestamp, post.EventId, post.Body.Span, post.Secret.Value, post.PreviousSecret?.Value));
        // Where a span is current, HttpClient's propagation sends its own request span of the same trace instead.
        request.Headers.TryAddWithoutValidation("traceparent", post.TraceParent);

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            var retryAfter = response.Headers.RetryAfter is { } after
                ? after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            var delivered = status is >= 200 and < 300;
            var retryable = status is 408 or 429 or >= 500;
            return new AttemptOutcome(delivered, retryable, status, delivered ? null : $"The endpoint answered {status}.", Elapsed(started), retryAfter);
        }
        catch (Exception failure) when (failure is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The endpoint's fault, not ours: unreachable, refused, or no answer within the timeout. Retried.
            var error = failure is OperationCanceledException ? $"No answer within {options.Value.Timeout.TotalSeconds:0} s." : failure.Message;
            return new AttemptOutcome(false, true, null, error, Elapsed(started), null);
        }
    }

    private static TimeSpan Elapsed(long started) => System.Diagnostics.Stopwatch.GetElapsedTime(started);

    public void Dispose() => _client.Dispose();

    private static async Task<byte[]?> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxChallengeAnswerBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return length > MaxChallengeAnswerBytes ? null : buffer[..length];
    }

    private static bool Echoes(byte[] answer, string challenge)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("challenge", out var echoed)
                && echoed.ValueKind == JsonValueKind.String
                && string.Equals(echoed.GetString(), challenge, StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            // Not JSON: not the answer the contract asks for.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook endpoint on {Host} was not verified: it {Reason}.")]
    private static partial void LogNotVerified(ILogger logger, string host, string reason);
}

internal sealed record ChallengeBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("event")] string Event,
    [property: System.Text.Json.Serialization.JsonPropertyName("challenge")] string Challenge);

[System.Text.Json.Serialization.JsonSerializable(typeof(ChallengeBody))]
internal sealed partial class WebhookWireJson : System.Text.Json.Serialization.JsonSerializerContext;
