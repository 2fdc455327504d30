using OklaMq.Contracts.Routing;

namespace OklaMq.ServiceDefaults.Messaging.Topology;

/// <summary>A queue's binding to an exchange of the routing table.</summary>
public sealed record QueueBinding(string Exchange, string ExchangeType, string RoutingKey)
{
    public static QueueBinding To(MessageRoute route) => new(route.Exchange, route.ExchangeType, route.RoutingKey);

    /// <summary>Every message of a topic exchange (<c>#</c>).</summary>
    public static QueueBinding AllOf(string topicExchange) => new(topicExchange, ExchangeTypes.Topic, RoutingKeys.All);
}
