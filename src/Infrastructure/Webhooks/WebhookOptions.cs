namespace Alvys.Customers.Infrastructure.Webhooks;

/// <summary>The <c>Webhooks</c> settings section; the defaults are the contract's published promise.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>How long an endpoint has to answer the verification challenge.</summary>
    public TimeSpan VerificationTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Development and tests only: <c>http://127.0.0.1:{port}</c> and <c>http://localhost:{port}</c> become valid targets.
    /// The API refuses to start with it outside the Development environment.
    /// </summary>
    public bool AllowLoopbackTargets { get; set; }
}
