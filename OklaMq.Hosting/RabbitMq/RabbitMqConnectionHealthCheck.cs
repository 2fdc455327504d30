using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>
/// Healthy when an AMQP connection to the run's virtual host opens and a channel works: the
/// broker has booted, the user exists and the virtual host is there. A new connection each time,
/// so a broker that restarts is seen as it is now.
/// </summary>
public sealed class RabbitMqConnectionHealthCheck(Func<CancellationToken, Task<string?>> connectionString, string virtualHost) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var uri = await connectionString(cancellationToken);
        if (uri is null)
        {
            return HealthCheckResult.Unhealthy("The broker's connection string is not known yet.");
        }
        try
        {
            var factory = new ConnectionFactory
            {
                Uri = new Uri(uri),
                VirtualHost = virtualHost,
                RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "oklamq-apphost-health",
            };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"No AMQP connection to virtual host '{virtualHost}': {ex.Message}");
        }
    }
}
