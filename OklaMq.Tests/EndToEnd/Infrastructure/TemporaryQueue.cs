using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// A queue of the test's own (server-named, exclusive, gone with its channel) bound where the test
/// wants a copy of what passes: each copy is handed to <c>onCopy</c>, acknowledged at once. The
/// messages themselves travel on untouched.
/// </summary>
internal static class TemporaryQueue
{
    /// <returns>The channel that owns the queue; disposing it removes the queue.</returns>
    public static async Task<IChannel> ListenAsync(OklaMqApp app, IEnumerable<(string Exchange, string RoutingKey)> bindings, Action<BasicDeliverEventArgs> onCopy)
    {
        var channel = await app.Rabbit.ChannelAsync(confirms: false);
        var queue = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var (exchange, routingKey) in bindings)
        {
            await channel.QueueBindAsync(queue, exchange, routingKey);
        }
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            onCopy(delivery);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return channel;
    }
}
