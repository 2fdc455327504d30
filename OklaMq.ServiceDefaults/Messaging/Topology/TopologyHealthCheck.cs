using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>Unhealthy until the topology is declared, and with the broker's reason when declaring failed.</summary>
public sealed class TopologyHealthCheck(TopologyStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status switch
        {
            { IsDeclared: true } => HealthCheckResult.Healthy("Delay and endpoint queues declared."),
            { Failure: { } failure } => HealthCheckResult.Unhealthy($"Declaring the topology failed: {failure}"),
            _ => HealthCheckResult.Unhealthy("The topology is not declared yet."),
        });
}
