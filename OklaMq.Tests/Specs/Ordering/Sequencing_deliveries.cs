using System.Collections.Concurrent;
using System.Diagnostics;
using OklaMq.ServiceDefaults.Messaging.Ordering;

namespace OklaMq.Tests.Specs.Ordering;

/// <summary>
/// The delivery sequencer in front of the partitioner: deliveries that reach it out of order (MassTransit
/// starts each on a task of its own) get their turns in the order the broker numbered them.
/// </summary>
public sealed class Sequencing_deliveries
{
    private readonly ConcurrentQueue<ulong> _turns = new();

    [Fact]
    public async Task Should_give_turns_in_delivery_order_whatever_order_deliveries_arrive_in()
    {
        var sequencer = new DeliverySequencer(TimeSpan.FromSeconds(30));

        var third = TakeTurnAsync(sequencer, "channel", 3);
        await Task.Delay(50);
        var second = TakeTurnAsync(sequencer, "channel", 2);
        await Task.Delay(50);
        var first = TakeTurnAsync(sequencer, "channel", 1);
        await Task.WhenAll(first, second, third);

        Assert.Equal([1UL, 2UL, 3UL], _turns);
    }

    [Fact]
    public async Task Should_not_wait_for_a_delivery_that_was_skipped()
    {
        var sequencer = new DeliverySequencer(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();

        var third = TakeTurnAsync(sequencer, "channel", 3);
        sequencer.Skip("channel", 2);
        await TakeTurnAsync(sequencer, "channel", 1);
        await third;

        Assert.Equal([1UL, 3UL], _turns);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Should_go_on_after_the_gap_timeout_when_an_earlier_delivery_never_comes()
    {
        var sequencer = new DeliverySequencer(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await TakeTurnAsync(sequencer, "channel", 2);
        var waited = clock.Elapsed;
        // The late one and the next go on at once: nothing is left to wait for.
        await TakeTurnAsync(sequencer, "channel", 1).WaitAsync(TimeSpan.FromSeconds(20));
        await TakeTurnAsync(sequencer, "channel", 3).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(waited >= TimeSpan.FromMilliseconds(250), $"delivery 2 went on after {waited.TotalMilliseconds:0} ms");
        Assert.Equal([2UL, 1UL, 3UL], _turns);
    }

    [Fact]
    public async Task Should_sequence_each_channel_on_its_own()
    {
        var sequencer = new DeliverySequencer(TimeSpan.FromSeconds(30));

        var waiting = TakeTurnAsync(sequencer, "old channel", 2);
        // A new channel numbers its deliveries from 1 again, and does not wait for the old one.
        await TakeTurnAsync(sequencer, "new channel", 1).WaitAsync(TimeSpan.FromSeconds(20));
        sequencer.Skip("old channel", 1);
        await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal([1UL, 2UL], _turns);
    }

    private async Task TakeTurnAsync(DeliverySequencer sequencer, string channel, ulong tag)
    {
        using (await sequencer.TurnAsync(channel, tag, CancellationToken.None))
        {
            _turns.Enqueue(tag);
        }
    }
}
