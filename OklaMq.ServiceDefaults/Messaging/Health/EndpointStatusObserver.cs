using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Health;

/// <summary>
/// Follows one endpoint: ready, or stopped (while the host runs, only the circuit breaker stops
/// an endpoint), for the health check.
/// </summary>
public sealed class EndpointStatusObserver(string queue, EndpointStatusRegistry registry) : IReceiveEndpointObserver
{
    public Task Ready(ReceiveEndpointReady ready)
    {
        registry.Ready(queue);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping)
    {
        registry.Stopped(queue);
        return Task.CompletedTask;
    }

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        if (faulted.Exception is { } exception)
        {
            registry.Faulted(queue, exception);
        }
        return Task.CompletedTask;
    }
}
