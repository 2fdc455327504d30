using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.ServiceDefaults.Messaging.Ordering;

public static class OrderedConsumerExtensions
{
    /// <summary>
    /// Adds a consumer whose messages of one ordering key (a dealer) are processed in publish order
    /// even with several instances of the service: its endpoint is a consistent-hash exchange over
    /// <see cref="OrderingSettings.Queues"/> single-active-consumer queues, so one key always reaches
    /// the same queue and each queue is consumed by one instance at a time (the others stand by).
    /// </summary>
    public static IBusRegistrationConfigurator AddOrderedConsumer<TConsumer, TDefinition>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
        where TDefinition : EventConsumerDefinition<TConsumer>, new()
    {
        bus.AddConsumer<TConsumer, TDefinition>().ExcludeFromConfigureEndpoints();
        bus.AddSingleton(new PartitionedEndpoint(typeof(TConsumer), new TDefinition().QueueName));
        return bus;
    }

    /// <summary>Configures the partition queues of every ordered consumer.</summary>
    public static void ConfigurePartitionedEndpoints(this IRabbitMqBusFactoryConfigurator bus, IBusRegistrationContext context, OrderingSettings settings)
    {
        foreach (var ordered in context.GetServices<PartitionedEndpoint>())
        {
            for (var partition = 0; partition < settings.Queues; partition++)
            {
                bus.ReceiveEndpoint(EndpointIdentity.PartitionQueue(ordered.Endpoint, partition),
                    endpoint => endpoint.ConfigureConsumer(context, ordered.ConsumerType));
            }
        }
    }
}
