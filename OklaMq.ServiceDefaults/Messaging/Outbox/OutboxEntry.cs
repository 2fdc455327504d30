using OklaMq.ServiceDefaults.Messaging.Publishing;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Outbox;

/// <summary>How an <see cref="OutgoingMessage"/> is stored as the fields of a Redis stream entry.</summary>
internal static class OutboxEntry
{
    private const string Exchange = "exchange";
    private const string RoutingKey = "routing_key";
    private const string MessageType = "type";
    private const string MessageId = "message_id";
    private const string CorrelationId = "correlation_id";
    private const string OrderingKey = "ordering_key";
    private const string Body = "body";
    private const string CreatedAt = "created_at";
    private const string TraceParent = "traceparent";

    public static NameValueEntry[] ToFields(OutgoingMessage message) =>
    [
        new(Exchange, message.Exchange),
        new(RoutingKey, message.RoutingKey),
        new(MessageType, message.MessageType),
        new(MessageId, message.MessageId.ToString()),
        new(CorrelationId, message.CorrelationId.ToString()),
        new(OrderingKey, message.OrderingKey ?? string.Empty),
        new(Body, message.Body),
        new(CreatedAt, message.CreatedAt.Ticks),
        new(TraceParent, message.TraceParent ?? string.Empty),
    ];

    public static OutgoingMessage FromFields(NameValueEntry[] fields)
    {
        var values = fields.ToDictionary(f => f.Name.ToString(), f => f.Value);
        return new OutgoingMessage(
            values[Exchange].ToString(),
            values[RoutingKey].ToString(),
            values[MessageType].ToString(),
            Guid.Parse(values[MessageId].ToString()),
            Guid.Parse(values[CorrelationId].ToString()),
            NullIfEmpty(values[OrderingKey]),
            (byte[])values[Body]!,
            new DateTime((long)values[CreatedAt], DateTimeKind.Utc),
            NullIfEmpty(values[TraceParent]));
    }

    private static string? NullIfEmpty(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();
}
