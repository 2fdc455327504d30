using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// A copy of every message routed through an exchange with a routing key, taken by a temporary queue
/// of the test's own (the messages themselves travel on untouched). Shows what a consumer published,
/// and how often, where the receiving side would hide repeats (channels record a notification once).
/// </summary>
public sealed class MessageTap : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<JsonObject> _bodies;

    private MessageTap(IChannel channel, ConcurrentQueue<JsonObject> bodies) => (_channel, _bodies) = (channel, bodies);

    public IReadOnlyList<JsonObject> Bodies => _bodies.ToArray();

    public static async Task<MessageTap> StartAsync(OklaMqApp app, string exchange, string routingKey)
    {
        var bodies = new ConcurrentQueue<JsonObject>();
        var channel = await TemporaryQueue.ListenAsync(app, [(exchange, routingKey)], copy =>
        {
            if (JsonNode.Parse(copy.Body.Span) is JsonObject body)
            {
                bodies.Enqueue(body);
            }
        });
        return new MessageTap(channel, bodies);
    }

    public int Count(Func<JsonObject, bool> which) => Bodies.Count(which);

    public async ValueTask DisposeAsync() => await _channel.DisposeAsync();
}
