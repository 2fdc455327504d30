using MassTransit;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Ordering;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>
/// The queue of a service endpoint: a durable quorum queue bound by routing key to the routing
/// table's exchanges (or, for a partition of an endpoint ordered across instances, to the
/// endpoint's consistent-hash exchange, itself bound to them) and to the delay delivery exchange,
/// with a delivery limit, dead-lettering through <c>dlx</c> to the endpoint's own
/// <c>&lt;endpoint&gt;-dlq</c>, and a copy of every dead letter to the fault store.
/// </summary>
public static class EndpointTopology
{
    /// <summary>The header the consistent-hash exchange hashes.</summary>
    private const string HashHeader = MessageHeaders.OrderingKey;

    public static void Apply(IRabbitMqReceiveEndpointConfigurator endpoint, EndpointIdentity identity, IEnumerable<QueueBinding> bindings, RabbitMqSettings settings)
    {
        // Bound by routing key below, not to MassTransit's per-type exchanges. MassTransit still
        // declares a fanout exchange named after the queue (its send address, where it declares the
        // queue); nothing of OklaMq sends to it.
        endpoint.ConfigureConsumeTopology = false;
        endpoint.SetQuorumQueue();
        foreach (var (key, value) in QueueArguments(identity, settings))
        {
            endpoint.SetQueueArgument(key, value);
        }

        if (identity.IsPartition)
        {
            endpoint.Bind(EndpointIdentity.PartitionExchange(identity.Endpoint), partitions =>
            {
                partitions.ExchangeType = "x-consistent-hash";
                partitions.RoutingKey = "1";
                partitions.SetExchangeArgument("hash-header", HashHeader);
                foreach (var binding in bindings)
                {
                    partitions.Bind(binding.Exchange, b =>
                    {
                        b.ExchangeType = binding.ExchangeType;
                        b.RoutingKey = binding.RoutingKey;
                    });
                }
            });
        }
        else
        {
            foreach (var binding in bindings)
            {
                endpoint.Bind(binding.Exchange, b =>
                {
                    b.ExchangeType = binding.ExchangeType;
                    b.RoutingKey = binding.RoutingKey;
                });
            }
        }

        endpoint.Bind(DelayTopology.DeliveryExchange, b =>
        {
            b.ExchangeType = ExchangeTypes.Topic;
            b.RoutingKey = DelayTopology.DeliveryBindingFor(identity.Queue);
        });

        BindDeadLetters(endpoint, identity.Endpoint, DeadLetterQueues.For(identity.Endpoint));
        BindDeadLetters(endpoint, identity.Endpoint, DeadLetterQueues.FaultStoreQueue);
    }

    /// <summary>
    /// The arguments the endpoint's queue is declared with (durable, not exclusive, not auto-delete),
    /// by MassTransit and, before the bus starts, by <see cref="EndpointQueues"/>: the broker refuses
    /// a second declaration whose arguments differ.
    /// </summary>
    public static IReadOnlyDictionary<string, object> QueueArguments(EndpointIdentity identity, RabbitMqSettings settings)
    {
        var arguments = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["x-queue-type"] = "quorum",
            // A message whose consumer process keeps dying must not loop forever (3.10 has no default limit).
            ["x-delivery-limit"] = settings.DeliveryLimit,
            // The broker's own dead letters (delivery limit, expiry, rejection) go to this endpoint's DLQ only,
            // and at least once: the broker keeps a message until the DLQ confirms it. (MassTransit's
            // BindDeadLetterQueue below sets the same exchange.)
            ["x-dead-letter-exchange"] = Exchanges.DeadLetters,
            ["x-dead-letter-routing-key"] = identity.Endpoint,
            ["x-dead-letter-strategy"] = "at-least-once",
            ["x-overflow"] = "reject-publish",
        };
        if (identity.IsPartition)
        {
            // One instance at a time consumes a partition, in order; the others take over if it stops.
            arguments["x-single-active-consumer"] = true;
        }
        return arguments;
    }

    private static void BindDeadLetters(IRabbitMqReceiveEndpointConfigurator endpoint, string routingKey, string target) =>
        endpoint.BindDeadLetterQueue(Exchanges.DeadLetters, target, b =>
        {
            b.ExchangeType = ExchangeTypes.Direct;
            b.RoutingKey = routingKey;
            foreach (var (key, value) in DeadLetterQueues.Arguments)
            {
                b.SetQueueArgument(key, value);
            }
        });
}
