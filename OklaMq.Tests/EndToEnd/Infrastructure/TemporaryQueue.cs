using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// A queue of the test's own (server-named, exclusive, gone with its channel) bound where the test
/// wants a copy of what passes. Each copy is acknowledged at once and kept as what <c>read</c> makes
/// of it (null: not kept). The messages themselves travel on untouched.
/// </summary>
internal sealed class TemporaryQueue<T> : IAsyncDisposable where T : class
{
    private readonly ConcurrentQueue<T> _copies = new();
    private IChannel? _channel;

    public IReadOnlyList<T> Copies => _copies.ToArray();

    public static async Task<TemporaryQueue<T>> ListenAsync(OklaMqApp app, IEnumerable<(string Exchange, string RoutingKey)> bindings, Func<BasicDeliverEventArgs, T?> read)
    {
        var temporary = new TemporaryQueue<T>();
        var channel = temporary._channel = await app.Rabbit.ChannelAsync(confirms: false);
        var queue = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var (exchange, routingKey) in bindings)
        {
            await channel.QueueBindAsync(queue, exchange, routingKey);
        }
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            if (read(delivery) is { } copy)
            {
                temporary._copies.Enqueue(copy);
            }
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return temporary;
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }
    }
}
