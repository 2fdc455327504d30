using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OklaMq.ServiceDefaults.Messaging.Delays;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>
/// Declares the delay queues and the endpoint queues at start-up, in a service with consumers,
/// before the bus starts (it is registered before MassTransit's hosted service). A failure stops
/// the service with the broker's reason, and is reported by the topology health check; a lost
/// connection is not such a failure: a node of a cluster shutting down or going away while the
/// service starts closes it, and the client recovers it (to another node), so the declaration is
/// tried again meanwhile.
/// </summary>
/// <remarks>
/// The host constructs every hosted service before it starts any; constructing MassTransit's
/// configures the bus, whose endpoints register their queues in <see cref="EndpointQueues"/>.
/// </remarks>
public sealed partial class TopologyInitializer(IConnection connection, DelayTopology delays, EndpointQueues endpointQueues, TopologyStatus status, ILogger<TopologyInitializer> logger) : IHostedService
{
    private const int Attempts = 30;
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await delays.DeclareAsync(connection, cancellationToken);
                await endpointQueues.DeclareAsync(connection, cancellationToken);
                LogEndpointQueuesDeclared(endpointQueues.Queues.Count);
                status.Declared();
                return;
            }
            catch (Exception ex) when (ex is OperationInterruptedException or IOException && !connection.IsOpen && attempt < Attempts)
            {
                LogConnectionLost(attempt, ex.Message);
                await Task.Delay(RetryInterval, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                status.Failed(ex.Message);
                LogDeclarationFailed(ex);
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declaring the messaging topology: the connection was lost (attempt {Attempt}: {Reason}); trying again once it recovers")]
    private partial void LogConnectionLost(int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Declared {Count} endpoint queues before the bus starts")]
    private partial void LogEndpointQueuesDeclared(int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Declaring the messaging topology failed")]
    private partial void LogDeclarationFailed(Exception exception);
}

/// <summary>Whether this service's topology was declared, and if not why.</summary>
public sealed class TopologyStatus
{
    public bool IsDeclared { get; private set; }
    public string? Failure { get; private set; }

    public void Declared() => (IsDeclared, Failure) = (true, null);
    public void Failed(string reason) => (IsDeclared, Failure) = (false, reason);
}
