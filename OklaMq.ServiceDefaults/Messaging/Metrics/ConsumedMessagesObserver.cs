using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Metrics;

/// <summary>
/// Counts every message a consumer (or saga) completed, by the queue it came from and the
/// consumer's type name, as MassTransit reports it once the consumer returned: inside the retries,
/// so a message that failed twice and then succeeded counts once; a duplicate the inbox
/// acknowledges without running the consumer counts too (it is consumed from the queue).
/// </summary>
public sealed class ConsumedMessagesObserver : IReceiveObserver
{
    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class
    {
        BrokerTrafficMetrics.RecordConsumed(EndpointAddresses.QueueOf(context.ReceiveContext.InputAddress), ShortName(consumerType));
        return Task.CompletedTask;
    }

    // "OklaMq.NotificationService.Consumers.VehicleCreatedNotifier" → "VehicleCreatedNotifier", as
    // MassTransit's own consumer_type label has it; a generic type keeps its arguments.
    private static string ShortName(string typeName)
    {
        var generic = typeName.IndexOf('<');
        var head = generic < 0 ? typeName : typeName[..generic];
        return typeName[(head.LastIndexOf('.') + 1)..];
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;
}
