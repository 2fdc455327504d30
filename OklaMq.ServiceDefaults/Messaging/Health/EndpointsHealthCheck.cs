using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OklaMq.ServiceDefaults.Messaging.Health;

/// <summary>
/// Degraded while a circuit breaker holds an endpoint (its messages wait in the queue), with the
/// reason; Unhealthy when the broker says an endpoint's queue has no consumer or does not exist.
/// MassTransit's own check only knows what the bus believes.
/// </summary>
public sealed class EndpointsHealthCheck(EndpointStatusRegistry registry, IConnection connection, IOptions<RabbitMqSettings> settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var degraded = new List<string>();
        var unhealthy = new List<string>();
        var reset = settings.Value.CircuitBreaker.ResetInterval;

        foreach (var (queue, status) in registry.Endpoints.OrderBy(e => e.Key))
        {
            if (status.BreakerOpenedAt is { } openedAt)
            {
                degraded.Add($"circuit open on {queue} since {openedAt:HH:mm:ss}Z, retrying at {openedAt + reset:HH:mm:ss}Z (last fault: {status.LastFault ?? "unknown"})");
            }
            else if (await ConsumersOfAsync(queue, cancellationToken) is { } missing)
            {
                unhealthy.Add(missing);
            }
        }

        var data = registry.Endpoints.ToDictionary(e => e.Key, e => (object)(e.Value.BreakerOpenedAt is null ? "consuming" : "circuit open"));
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
