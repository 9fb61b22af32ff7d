using Alvys.Customers.Api.Tests.Infrastructure;

namespace Alvys.Customers.Api.Tests.Webhooks;

public sealed class LoopbackTargetsTests
{
    [Fact]
    public void TheApi_RefusesToStartWithAllowLoopbackTargets_OutsideDevelopment()
    {
        using var api = ApiFactory.With(new Dictionary<string, string> { ["Webhooks:AllowLoopbackTargets"] = "true" }, _ => { });

        var refused = Assert.Throws<InvalidOperationException>(() => api.CreateClient());

        Assert.Contains("Webhooks:AllowLoopbackTargets", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'Testing'", refused.Message, StringComparison.Ordinal);
    }
}
