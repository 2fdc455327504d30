using MassTransit;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>
/// The queue of a service endpoint: a durable quorum queue bound by routing key to the routing
/// table's exchanges and to the delay delivery exchange, with a delivery limit, dead-lettering
/// through <c>dlx</c> to its own <c>&lt;queue&gt;-dlq</c> (and a copy to the fault store).
/// </summary>
public static class EndpointTopology
{
    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, string queue, IEnumerable<QueueBinding> bindings, RabbitMqSettings settings)
    {
        // Bound by routing key below, not to MassTransit's per-type exchanges. MassTransit still
        // declares a fanout exchange named after the queue (its send address, where it declares the
        // queue); nothing of OklaMq sends to it.
        endpoint.ConfigureConsumeTopology = false;
        endpoint.SetQuorumQueue();
        // A message whose consumer process keeps dying must not loop forever (3.10 has no default limit).
        endpoint.SetQueueArgument("x-delivery-limit", settings.DeliveryLimit);
        // The broker's own dead letters (delivery limit, expiry, rejection) go to this queue's DLQ only,
        // and at least once: the broker keeps a message until the DLQ confirms it.
        endpoint.SetQueueArgument("x-dead-letter-routing-key", queue);
        endpoint.SetQueueArgument("x-dead-letter-strategy", "at-least-once");
        endpoint.SetQueueArgument("x-overflow", "reject-publish");

        foreach (var binding in bindings)
        {
            endpoint.Bind(binding.Exchange, b =>
            {
                b.ExchangeType = binding.ExchangeType;
                b.RoutingKey = binding.RoutingKey;
            });
        }
        endpoint.Bind(DelayTopology.DeliveryExchange, b =>
        {
            b.ExchangeType = ExchangeTypes.Topic;
            b.RoutingKey = DelayTopology.DeliveryBindingFor(queue);
        });

        BindDeadLetters(endpoint, queue, DeadLetterQueues.For(queue));
        BindDeadLetters(endpoint, queue, DeadLetterQueues.FaultStoreQueue);
    }

    private static void BindDeadLetters(IRabbitMqReceiveEndpointConfigurator endpoint, string queue, string target) =>
        endpoint.BindDeadLetterQueue(Exchanges.DeadLetters, target, b =>
        {
            b.ExchangeType = ExchangeTypes.Direct;
            b.RoutingKey = queue;
            b.SetQuorumQueue();
        });
}
