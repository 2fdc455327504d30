using System.Diagnostics;
using System.Text;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Delays;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// Watches messages for one queue enter and leave the delay infrastructure: a temporary queue of the
/// test's own, bound like the destination queue to the entry exchange and to the delivery exchange,
/// receives a copy at each passage (the message itself travels on untouched).
/// </summary>
public sealed class DelayObserver : IAsyncDisposable
{
    private readonly TemporaryQueue<Passage> _queue;

    private DelayObserver(TemporaryQueue<Passage> queue) => _queue = queue;

    public IReadOnlyList<Passage> Passages => _queue.Copies;

    public static async Task<DelayObserver> StartAsync(OklaMqApp app, string destinationQueue)
    {
        var delays = new DelayTopology(new RabbitMqSettings().DelayLevels);
        var clock = Stopwatch.StartNew();
        var binding = DelayTopology.DeliveryBindingFor(destinationQueue);
        return new(await TemporaryQueue<Passage>.ListenAsync(app, [(delays.EntryExchange, binding), (DelayTopology.DeliveryExchange, binding)], copy =>
        {
            var headers = copy.BasicProperties.Headers;
            var redelivery = headers?.TryGetValue("MT-Redelivery-Count", out var count) == true ? Convert.ToInt32(Text(count)) : 0;
            return new Passage(
                // A copy from the entry exchange: the message was just scheduled. Any other: it is leaving
                // for its queue (dead-lettered out of the last delay queue it waited in, through the
                // delivery exchange; the broker reports the exchange it was dead-lettered to).
                copy.Exchange == delays.EntryExchange ? Direction.Entered : Direction.Left,
                copy.BasicProperties.MessageId,
                redelivery,
                clock.Elapsed);
        }));
    }

    public IReadOnlyList<Passage> Of(Guid messageId) => Passages.Where(p => p.MessageId == messageId.ToString()).ToList();

    private static string? Text(object? value) => value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value?.ToString();

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    public enum Direction { Entered, Left }

    /// <param name="At">Since the observer started.</param>
    public sealed record Passage(Direction Direction, string? MessageId, int RedeliveryCount, TimeSpan At);
}
