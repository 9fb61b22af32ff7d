using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alvys.Customers.Infrastructure.Cosmos;

/// <summary>Ready means the customers container answers a read of its own definition.</summary>
public sealed class CosmosReadinessCheck(CustomerContainer container) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await container.Container.ReadContainerAsync(cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The description is for operators' logs; the endpoint reports only the status.
            return HealthCheckResult.Unhealthy("The customers container is not reachable.", exception);
        }
    }
}
