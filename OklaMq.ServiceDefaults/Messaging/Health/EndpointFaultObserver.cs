using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Health;

/// <summary>Remembers each endpoint's last consumer fault, so an open breaker's health report says why.</summary>
public sealed class EndpointFaultObserver(EndpointStatusRegistry registry) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        registry.Faulted(EndpointAddresses.QueueOf(context.ReceiveContext.InputAddress), exception);
        return Task.CompletedTask;
    }
}
