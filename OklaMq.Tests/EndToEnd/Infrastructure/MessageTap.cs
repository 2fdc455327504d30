using System.Text.Json.Nodes;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// A copy of every message routed through an exchange with a routing key, taken by a temporary queue
/// of the test's own (the messages themselves travel on untouched). Shows what a consumer published,
/// and how often, where the receiving side would hide repeats (channels record a notification once).
/// </summary>
public sealed class MessageTap : IAsyncDisposable
{
    private readonly TemporaryQueue<JsonObject> _queue;

    private MessageTap(TemporaryQueue<JsonObject> queue) => _queue = queue;

    public IReadOnlyList<JsonObject> Bodies => _queue.Copies;

    public static async Task<MessageTap> StartAsync(OklaMqApp app, string exchange, string routingKey) =>
        new(await TemporaryQueue<JsonObject>.ListenAsync(app, [(exchange, routingKey)], copy => JsonNode.Parse(copy.Body.Span) as JsonObject));

    public int Count(Func<JsonObject, bool> which) => Bodies.Count(which);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}
