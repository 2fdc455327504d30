using System.Text;
using OklaMq.Contracts.Routing;
using RabbitMQ.Client;

namespace OklaMq.ServiceDefaults.Messaging.Delays;

/// <summary>
/// Delayed delivery on a stock broker, without the delayed-message plugin (which Debian does not
/// ship and upstream archived), after NServiceBus's RabbitMQ delay infrastructure
/// (https://docs.particular.net/transports/rabbitmq/delayed-delivery).
/// Level n is a topic exchange and a quorum queue whose messages wait 2^n seconds. A delay is
/// written in binary in the routing key, highest level first, followed by the destination queue:
/// "0.1.….1.vehicle-created". Each level exchange sends a message to its queue when its bit is 1
/// (it waits there, then is dead-lettered onwards) or straight to the next lower level when it is
/// 0; after level 0 the delivery exchange routes it to the queue bound with "#.&lt;queue&gt;".
/// A fixed set of queues thus serves every delay up to 2^levels - 1 seconds, for every endpoint.
/// Messages are persistent in quorum queues with at-least-once dead-lettering, so a broker
/// restart loses none; their waits simply continue.
/// </summary>
public sealed class DelayTopology(int levels)
{
    public const string LevelPrefix = "okla.delay.";
    public const string DeliveryExchange = LevelPrefix + "delivery";

    public int Levels { get; } = levels;

    public string EntryExchange => LevelName(Levels - 1);

    public TimeSpan MaxDelay => TimeSpan.FromSeconds((1L << Levels) - 1);

    public static string LevelName(int level) => $"{LevelPrefix}{level:00}";

    /// <summary>The queue a delay routing key ("0.….1.vehicle-created") delivers to.</summary>
    public static string DestinationQueue(string routingKey) => routingKey[(routingKey.LastIndexOf('.') + 1)..];

    /// <summary>The binding that lets delayed messages reach <paramref name="queue"/>.</summary>
    public static string DeliveryBindingFor(string queue)
    {
        if (queue.Contains('.'))
        {
            throw new ArgumentException($"Queue '{queue}' contains '.', which the delay routing key uses as its separator; use '-' instead.", nameof(queue));
        }
        return "#." + queue;
    }

    /// <summary>The routing key that delays a message by <paramref name="delay"/> (rounded up to whole seconds) for <paramref name="queue"/>.</summary>
    public string RoutingKey(TimeSpan delay, string queue)
    {
        if (delay > MaxDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"The longest delay with {Levels} levels is {MaxDelay}.");
        }
        var seconds = (long)Math.Ceiling(Math.Max(0, delay.TotalSeconds));
        var key = new StringBuilder(Levels * 2 + queue.Length);
        for (var level = Levels - 1; level >= 0; level--)
        {
            key.Append((seconds >> level & 1) == 1 ? '1' : '0').Append('.');
        }
        return key.Append(queue).ToString();
    }

    /// <summary>
    /// Declares the exchanges, then every level's queue and bindings, each level on a channel of its
    /// own: creating a quorum queue waits for its Raft server to start, and the levels wait together.
    /// </summary>
    public async Task DeclareAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.ExchangeDeclareAsync(DeliveryExchange, ExchangeTypes.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            for (var level = 0; level < Levels; level++)
            {
                await channel.ExchangeDeclareAsync(LevelName(level), ExchangeTypes.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Levels).Select(level => DeclareLevelAsync(connection, level, cancellationToken)));
    }

    private async Task DeclareLevelAsync(IConnection connection, int level, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var name = LevelName(level);
        var next = level == 0 ? DeliveryExchange : LevelName(level - 1);
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-message-ttl"] = (1L << level) * 1000,
            ["x-dead-letter-exchange"] = next,
            ["x-dead-letter-strategy"] = "at-least-once",
            ["x-overflow"] = "reject-publish",
        }, cancellationToken: cancellationToken);

        var position = string.Concat(Enumerable.Repeat("*.", Levels - 1 - level));
        await channel.QueueBindAsync(name, name, position + "1.#", cancellationToken: cancellationToken);
        await channel.ExchangeBindAsync(next, name, position + "0.#", cancellationToken: cancellationToken);
    }
}
