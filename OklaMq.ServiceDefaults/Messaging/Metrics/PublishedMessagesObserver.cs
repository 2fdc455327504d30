using MassTransit;
using OklaMq.ServiceDefaults.Messaging.Delays;

namespace OklaMq.ServiceDefaults.Messaging.Metrics;

/// <summary>
/// Counts what MassTransit publishes (a consumer's commands) and sends (scheduled redeliveries, saga
/// timeouts) once the broker confirmed it: with publisher confirmation on, the RabbitMQ transport
/// calls the observers' Post methods after the confirm. MassTransit tells publish observers about
/// publishes and send observers about sends, each message once.
/// </summary>
public sealed class PublishedMessagesObserver : ISendObserver, IPublishObserver
{
    public Task PostSend<T>(SendContext<T> context) where T : class => Record(context);

    public Task PostPublish<T>(PublishContext<T> context) where T : class => Record(context);

    public Task PreSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

    public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    private static Task Record(SendContext context)
    {
        if (context is RabbitMqSendContext rabbit)
        {
            BrokerTrafficMetrics.RecordPublished(rabbit.Exchange, RoutingKeyOf(rabbit));
        }
        return Task.CompletedTask;
    }

    // A delayed send's key spells its delay in binary ("0.….1.vehicle-created"): one series per
    // destination queue instead of one per delay.
    private static string RoutingKeyOf(RabbitMqSendContext context)
    {
        var routingKey = ((RoutingKeySendContext)context).RoutingKey ?? string.Empty;
        return context.Exchange.StartsWith(DelayTopology.LevelPrefix, StringComparison.Ordinal)
            ? DelayTopology.DeliveryBindingFor(DelayTopology.DestinationQueue(routingKey))
            : routingKey;
    }
}
