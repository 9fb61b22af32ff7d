namespace Alvys.Customers.Domain.Webhooks;

/// <summary>The partners' endpoints, as the service reaches them: every connection judged by <see cref="TargetAddress"/>.</summary>
public interface IWebhookEndpoints
{
    /// <summary>
    /// Posts the unsigned verification challenge to <paramref name="url"/>: true only when it answered 200 in time with
    /// <c>{"challenge": "<paramref name="challenge"/>"}</c>, the same value, case-sensitive.
    /// </summary>
    Task<bool> AnswersChallengeAsync(WebhookUrl url, string challenge, CancellationToken cancellationToken);

    /// <summary>Posts one signed attempt of an event and reports what the endpoint did with it; never throws for the endpoint's faults.</summary>
    Task<AttemptOutcome> DeliverAsync(WebhookUrl url, EventPost post, CancellationToken cancellationToken);
}

/// <summary>One attempt of an event, as it is posted: signed with the secret and, during a rotation, the previous one too.</summary>
public sealed record EventPost(string EventId, string EventType, ReadOnlyMemory<byte> Body, int Attempt, WebhookSecret Secret, WebhookSecret? PreviousSecret, string TraceParent);
