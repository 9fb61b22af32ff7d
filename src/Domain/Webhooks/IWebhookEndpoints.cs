namespace Alvys.Customers.Domain.Webhooks;

/// <summary>The partners' endpoints, as the service reaches them: every connection judged by <see cref="TargetAddress"/>.</summary>
public interface IWebhookEndpoints
{
    /// <summary>
    /// Posts the unsigned verification challenge to <paramref name="url"/>: true only when it answered 200 in time with
    /// <c>{"challenge": "<paramref name="challenge"/>"}</c>, the same value, case-sensitive.
    /// </summary>
    Task<bool> AnswersChallengeAsync(WebhookUrl url, string challenge, CancellationToken cancellationToken);
}
