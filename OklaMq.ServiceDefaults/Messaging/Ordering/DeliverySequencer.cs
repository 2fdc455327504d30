using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.Logging;

namespace OklaMq.ServiceDefaults.Messaging.Ordering;

/// <summary>
/// Restores an endpoint's delivery order at one point of its pipeline. MassTransit starts every
/// delivery on a task of its own, so two deliveries that the broker sent in order can reach the
/// next filter in either order. Here a delivery waits for its turn: until every earlier delivery
/// of its channel (by delivery tag, which the broker numbers 1, 2, 3… per channel) has had its turn
/// or was <see cref="Skip">skipped</see>. Turns are short (the caller only takes its place in a
/// queue during its turn), so this costs almost nothing; it restores the order the broker gave.
/// A delivery that never comes this way (a body no deserializer reads goes straight to the error
/// pipe, which skips it) would hold the ones after it forever, so a turn is waited for at most
/// <c>gapTimeout</c>; then the delivery goes on and the ones before it that arrive later go on at once.
/// Deliveries without a tag (MassTransit's in-memory test transport) are not sequenced.
/// </summary>
public sealed partial class DeliverySequencer(TimeSpan gapTimeout, ILogger? logger = null)
{
    private static readonly TimeSpan IdleChannel = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, ChannelSequence> _channels = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<object, string> _channelIds = [];
    private long _lastChannelId;

    /// <summary>Waits for the delivery's turn; disposing the result ends it.</summary>
    public ValueTask<IDisposable> TurnAsync(ReceiveContext context, CancellationToken cancellationToken) =>
        context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery)
            ? TurnAsync(ChannelKey(context, delivery), delivery.DeliveryTag, cancellationToken)
            : ValueTask.FromResult<IDisposable>(NoTurn.Instance);

    /// <inheritdoc cref="TurnAsync(ReceiveContext, CancellationToken)"/>
    /// <param name="channelKey">The channel the delivery came on (its tags are numbered 1, 2, 3… on that channel).</param>
    public async ValueTask<IDisposable> TurnAsync(string channelKey, ulong deliveryTag, CancellationToken cancellationToken)
    {
        var channel = ChannelOf(channelKey);
        if (await channel.WaitForTurnAsync(deliveryTag, gapTimeout, cancellationToken) is { } next && logger is not null)
        {
            // Order is no longer kept here: the fault suite's reordered events are traced by these.
            LogNotSequenced(logger, deliveryTag, channelKey, next);
        }
        return new Turn(channel, deliveryTag);
    }

    /// <summary>A delivery that will not come for its turn (it failed before reaching it): the ones after it need not wait for it.</summary>
    public void Skip(ReceiveContext context)
    {
        if (context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery))
        {
            Skip(ChannelKey(context, delivery), delivery.DeliveryTag);
        }
    }

    /// <inheritdoc cref="Skip(ReceiveContext)"/>
    public void Skip(string channelKey, ulong deliveryTag) => ChannelOf(channelKey).Done(deliveryTag);

    /// <summary>
    /// The consumer tag and the channel object: after a connection is recovered, MassTransit's
    /// consumer keeps its consumer tag on a new channel, whose delivery tags start again from 1
    /// (keyed by the tag alone, its deliveries were let through unordered: the fault suite's late events).
    /// </summary>
    private string ChannelKey(ReceiveContext context, RabbitMqBasicConsumeContext delivery) =>
        context.TryGetPayload<ChannelContext>(out var channel)
            ? $"{delivery.ConsumerTag}/{_channelIds.GetValue(channel.Channel, _ => Interlocked.Increment(ref _lastChannelId).ToString())}"
            : delivery.ConsumerTag;

    private ChannelSequence ChannelOf(string channelKey)
    {
        if (_channels.TryGetValue(channelKey, out var known))
        {
            return known;
        }
        foreach (var (key, idle) in _channels.Where(c => c.Value.IdleFor > IdleChannel))
        {
            _channels.TryRemove(new(key, idle));
        }
        return _channels.GetOrAdd(channelKey, _ => new ChannelSequence());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryTag} of channel {ChannelKey} not sequenced: the sequence was at {Next}")]
    private static partial void LogNotSequenced(ILogger logger, ulong deliveryTag, string channelKey, ulong next);

    private sealed class ChannelSequence
    {
        private readonly Lock _lock = new();
        private readonly SortedSet<ulong> _doneEarly = [];
        private readonly Dictionary<ulong, TaskCompletionSource> _waiting = [];
        private ulong _next = 1;
        private long _lastUsed = Environment.TickCount64;

        public TimeSpan IdleFor => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsed));

        /// <summary>Null when the delivery had its turn in order; else the tag the sequence had reached (a gap given up on).</summary>
        public async Task<ulong?> WaitForTurnAsync(ulong tag, TimeSpan gapTimeout, CancellationToken cancellationToken)
        {
            TaskCompletionSource turn;
            lock (_lock)
            {
                Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
                if (tag <= _next)
                {
                    // Its turn, or it comes after a gap already given up on: no order left to keep for it.
                    return tag == _next ? null : _next;
                }
                turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting[tag] = turn;
            }
            try
            {
                await turn.Task.WaitAsync(gapTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                lock (_lock)
                {
                    // Give up on the deliveries before it: they go on at once whenever they come.
                    var reached = _next;
                    _waiting.Remove(tag);
                    _doneEarly.RemoveWhere(t => t < tag);
                    _next = Math.Max(_next, tag);
                    return reached;
                }
            }
            return null;
        }

        public void Done(ulong tag)
        {
            lock (_lock)
            {
                if (tag != _next)
                {
                    if (tag > _next)
                    {
                        _doneEarly.Add(tag);
                    }
                    return;
                }
                _next++;
                while (_doneEarly.Remove(_next))
                {
                    _next++;
                }
                if (_waiting.Remove(_next, out var turn))
                {
                    turn.TrySetResult();
                }
            }
        }
    }

    private sealed class Turn(ChannelSequence channel, ulong tag) : IDisposable
    {
        public void Dispose() => channel.Done(tag);
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }
}
