using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OklaMq.ServiceDefaults.Messaging.Health;

/// <summary>
/// Degraded while a circuit breaker holds an endpoint (its messages wait in the queue), with the
/// reason; Unhealthy when an endpoint is not consuming, or the broker says its queue has no
/// consumer or does not exist. MassTransit's own check only knows what the bus believes.
/// </summary>
public sealed class EndpointsHealthCheck(EndpointStatusRegistry registry, IConnection connection) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var degraded = new List<string>();
        var unhealthy = new List<string>();
        foreach (var (queue, status) in registry.Endpoints.OrderBy(e => e.Key))
        {
            if (status.Breaker is { } breaker)
            {
                degraded.Add($"circuit open on {queue} since {breaker.OpenedAt:HH:mm:ss}Z, consuming again at {breaker.ReopensAt:HH:mm:ss}Z ({breaker.Reason})");
            }
            else if (!status.Consuming)
            {
                unhealthy.Add($"{queue} is not consuming");
            }
            else if (await ConsumersOfAsync(queue, cancellationToken) is { } missing)
            {
                unhealthy.Add(missing);
            }
        }

        var data = registry.Endpoints.ToDictionary(e => e.Key, e => (object)(e.Value.Breaker is not null ? "circuit open" : e.Value.Consuming ? "consuming" : "not consuming"));
        if (unhealthy.Count > 0)
        {
            return HealthCheckResult.Unhealthy(string.Join("; ", unhealthy.Concat(degraded)), data: data);
        }
        return degraded.Count > 0
            ? HealthCheckResult.Degraded(string.Join("; ", degraded), data: data)
            : HealthCheckResult.Healthy($"{registry.Endpoints.Count} endpoints consuming.", data);
    }

    /// <summary>Null when the queue has a consumer, else what is wrong.</summary>
    private async Task<string?> ConsumersOfAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return declared.ConsumerCount == 0 ? $"{queue} has no consumer" : null;
        }
        catch (OperationInterruptedException ex)
        {
            return $"{queue} cannot be checked: {ex.ShutdownReason?.ReplyText ?? ex.Message}";
        }
    }
}
