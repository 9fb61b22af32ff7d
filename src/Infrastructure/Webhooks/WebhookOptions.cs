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

    /// <summary>Whether this replica consumes the customers' change feed and delivers: each replica takes a share of the leases.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the change feed processor reads its share of the change feed, and the worker looks for retries due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a replica that stops renewing its change feed lease (it died) keeps it before another replica takes it over:
    /// the contract promises a take-over within 30 s. Renewed every third of it.
    /// </summary>
    public TimeSpan LeaseExpiration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the change feed's lag is estimated for the <c>alvys.webhooks.change_feed_lag</c> gauge (one read per lease each time).</summary>
    public TimeSpan LagEstimationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it counts as a timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The waits before the second, third and fourth attempts, comma-separated.</summary>
    public string RetryDelays { get; set; } = "00:00:10,00:00:30,00:00:60";

    /// <summary>How many events in a row that failed all their attempts disable a webhook.</summary>
    public int DisableAfterConsecutiveFailures { get; set; } = 10;

    /// <summary>The delays as written: <c>hh:mm:ss</c> each, the seconds allowed past 59 (the published default says <c>00:00:60</c>).</summary>
    public IReadOnlyList<TimeSpan> ParsedRetryDelays() =>
        [.. RetryDelays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseDelay)];

    private static TimeSpan ParseDelay(string delay)
    {
        var parts = delay.Split(':');
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length == 3 && int.TryParse(parts[0], invariant, out var hours) && int.TryParse(parts[1], invariant, out var minutes)
            && double.TryParse(parts[2], System.Globalization.NumberStyles.Float, invariant, out var seconds) && hours >= 0 && minutes >= 0 && seconds >= 0)
        {
            return TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes) + TimeSpan.FromSeconds(seconds);
        }

        throw new FormatException($"Webhooks:RetryDelays holds '{delay}': each delay is hh:mm:ss.");
    }
}
