using System.Threading.RateLimiting;
using OpenTelemetry.Trace;

namespace Alvys.Customers.Api.Observability;

/// <summary>
/// Head sampling at a steady rate: at most <c>tracesPerSecond</c> new traces a second are recorded, the rest are not,
/// whatever the load — what the Azure Monitor distribution does by default since 1.6. The SDK itself ships only ratio
/// samplers and the contrib rate-limiting sampler is not served here, so this one is written against the framework's
/// token bucket. A trace that is not recorded still has its trace id (the SDK propagates it), so a problem's
/// <c>traceId</c> is still the request's.
/// </summary>
public sealed class RateLimitedSampler : Sampler, IDisposable
{
    private readonly TokenBucketRateLimiter _traces;

    public RateLimitedSampler(double tracesPerSecond)
    {
        // Whole traces per period: rates below one a second are spread over a longer period.
        var period = tracesPerSecond >= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1 / tracesPerSecond);
        var perPeriod = Math.Max(1, (int)Math.Round(tracesPerSecond >= 1 ? tracesPerSecond : 1));
        _traces = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perPeriod,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        Description = $"RateLimitedSampler{{{tracesPerSecond}/s}}";
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        using var lease = _traces.AttemptAcquire();
        return new SamplingResult(lease.IsAcquired ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }

    public void Dispose() => _traces.Dispose();
}
