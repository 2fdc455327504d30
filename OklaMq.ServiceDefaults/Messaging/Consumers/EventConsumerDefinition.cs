using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Topology;

namespace OklaMq.ServiceDefaults.Messaging.Consumers;

/// <summary>
/// An endpoint of one consumer on its own durable quorum queue, bound to the routing table's
/// exchanges by routing key instead of MassTransit's per-type exchanges. By default the queue is
/// bound to the route of every message the consumer consumes; override <see cref="Bindings"/> to
/// bind otherwise (analytics binds <c>#</c>).
/// </summary>
public abstract class EventConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected EventConsumerDefinition(string queueName)
    {
        QueueName = queueName;
        EndpointName = queueName;
    }

    public string QueueName { get; }

    protected virtual IEnumerable<QueueBinding> Bindings =>
        ConsumedMessageTypes.Select(MessageRoutes.Of).Select(QueueBinding.To);

    /// <summary>The message types of the consumer's <c>IConsumer&lt;T&gt;</c> interfaces.</summary>
    public static IEnumerable<Type> ConsumedMessageTypes =>
        typeof(TConsumer).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0]);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            var settings = context.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
            EndpointTopology.Apply(rabbit, Bindings, settings);
        }
    }
}
