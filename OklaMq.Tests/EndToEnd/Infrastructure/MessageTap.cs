using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// A copy of every message routed through an exchange with a routing key, taken by a temporary queue
/// of the test's own (the messages themselves travel on untouched). Shows what a consumer published,
/// and how often, where the receiving side would hide repeats (channels record a notification once).
/// </summary>
public sealed class MessageTap : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<JsonObject> _bodies = new();

    private MessageTap(IChannel channel) => _channel = channel;

    public IReadOnlyList<JsonObject> Bodies => _bodies.ToArray();

    public static async Task<MessageTap> StartAsync(OklaMqApp app, string exchange, string routingKey)
    {
        var channel = await app.Rabbit.ChannelAsync(confirms: false);
        var tap = new MessageTap(channel);
        var queue = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, routingKey);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            if (JsonNode.Parse(delivery.Body.Span) is JsonObject body)
            {
                tap._bodies.Enqueue(body);
            }
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return tap;
    }

    public int Count(Func<JsonObject, bool> which) => Bodies.Count(which);

    public async ValueTask DisposeAsync() => await _channel.DisposeAsync();
}
