using System.Diagnostics;
using Alvys.Customers.Api.Observability;
using OpenTelemetry.Trace;

namespace Alvys.Customers.UnitTests.Api;

public sealed class RateLimitedSamplerTests
{
    private static SamplingDecision Decide(Sampler sampler) =>
        sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "GET /customers/{id}", ActivityKind.Server)).Decision;

    [Fact]
    public void RecordsAtMostTheRate_ThenDropsTheRest()
    {
        using var sampler = new RateLimitedSampler(5);

        var decisions = Enumerable.Range(0, 8).Select(_ => Decide(sampler)).ToArray();

        Assert.Equal(5, decisions.Count(d => d == SamplingDecision.RecordAndSample));
        Assert.Equal(3, decisions.Count(d => d == SamplingDecision.Drop));
    }

    [Fact]
    public async Task RecordsAgain_OnceThePeriodHasPassed()
    {
        using var sampler = new RateLimitedSampler(2);
        Assert.Equal([SamplingDecision.RecordAndSample, SamplingDecision.RecordAndSample, SamplingDecision.Drop], Enumerable.Range(0, 3).Select(_ => Decide(sampler)));

        // The bucket refills on its timer's next tick (each second); a loaded machine may run that timer late.
        var drained = System.Diagnostics.Stopwatch.StartNew();
        while (Decide(sampler) != SamplingDecision.RecordAndSample)
        {
            Assert.True(drained.Elapsed < TimeSpan.FromSeconds(10), "the sampler never recorded again");
            await Task.Delay(50);
        }

        Assert.True(drained.Elapsed > TimeSpan.FromSeconds(0.3), $"recorded again after {drained.Elapsed.TotalSeconds:0.00} s, before its period");
    }
}
