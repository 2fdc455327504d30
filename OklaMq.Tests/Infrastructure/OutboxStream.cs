using System.Text.Json;
using StackExchange.Redis;

namespace OklaMq.Tests.Infrastructure;

/// <summary>One entry of a service's outbox stream: a message as it will be published.</summary>
public sealed record OutboxMessage(string RoutingKey, Guid MessageId, Guid CorrelationId, JsonElement Body);

/// <summary>Reads an outbox stream (what a transaction committed for the relay to publish), oldest first.</summary>
public static class OutboxStream
{
    public static async Task<IReadOnlyList<OutboxMessage>> ReadAsync(IDatabase redis, RedisKey stream) =>
        (await redis.StreamRangeAsync(stream)).Select(entry =>
        {
            var fields = entry.Values.ToDictionary(v => v.Name.ToString(), v => v.Value);
            return new OutboxMessage(
                fields["routing_key"].ToString(),
                Guid.Parse(fields["message_id"].ToString()),
                Guid.Parse(fields["correlation_id"].ToString()),
                JsonDocument.Parse((byte[])fields["body"]!).RootElement.Clone());
        }).ToList();
}
