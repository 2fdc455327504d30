using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>The queue of a service endpoint: durable quorum queue with a delivery limit, bound by routing key.</summary>
public static class EndpointTopology
{
    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, IEnumerable<QueueBinding> bindings, RabbitMqSettings settings)
    {
        endpoint.ConfigureConsumeTopology = false;
        // No per-endpoint fanout exchange: messages reach the queue only through the routing table.
        endpoint.BindQueue = false;
        endpoint.SetQuorumQueue();
        // A message whose consumer process keeps dying must not loop forever (3.10 has no default limit).
        endpoint.SetQueueArgument("x-delivery-limit", settings.DeliveryLimit);

        foreach (var binding in bindings)
        {
            endpoint.Bind(binding.Exchange, b =>
            {
                b.ExchangeType = binding.ExchangeType;
                b.RoutingKey = binding.RoutingKey;
            });
        }
    }
}
