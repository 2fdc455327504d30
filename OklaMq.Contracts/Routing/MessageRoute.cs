namespace OklaMq.Contracts.Routing;

/// <summary>Where one message type travels: its exchange, the exchange's type and its routing key.</summary>
/// <param name="OrderingKey">
/// The property whose value orders this message against others (events of one dealer are
/// processed in publish order); null when the message has no ordering requirement.
/// </param>
/// <param name="IdempotencyKey">
/// The property that identifies the fact the message reports, when there is one (a vehicle is
/// created once): two messages with the same value are the same fact, whatever their message ids.
/// Null when only the message id identifies it (a vehicle is updated many times).
/// </param>
public sealed record MessageRoute(Type MessageType, string Exchange, string ExchangeType, string RoutingKey, string? OrderingKey, string? IdempotencyKey = null)
{
    /// <summary>The message name a service in another language uses: the routing key.</summary>
    public string Name => RoutingKey;
}
