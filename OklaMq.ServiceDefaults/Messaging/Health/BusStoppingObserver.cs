using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Health;

/// <summary>Tells the registry the bus is stopping, so endpoints stopping with it are not reported as open breakers.</summary>
public sealed class BusStoppingObserver(EndpointStatusRegistry registry) : IBusObserver
{
    public void PostCreate(IBus bus) { }
    public void CreateFaulted(Exception exception) { }
    public Task PreStart(IBus bus) => Task.CompletedTask;
    public Task PostStart(IBus bus, Task<BusReady> busReady) => Task.CompletedTask;
    public Task StartFaulted(IBus bus, Exception exception) => Task.CompletedTask;

    public Task PreStop(IBus bus)
    {
        registry.ShuttingDown = true;
        return Task.CompletedTask;
    }

    public Task PostStop(IBus bus) => Task.CompletedTask;
    public Task StopFaulted(IBus bus, Exception exception) => Task.CompletedTask;
}
