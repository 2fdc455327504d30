using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Health;

/// <summary>Follows whether one endpoint consumes, for the health check.</summary>
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

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
