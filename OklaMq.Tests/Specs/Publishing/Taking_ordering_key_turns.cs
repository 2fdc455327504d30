using OklaMq.ServiceDefaults.Messaging.Publishing;

namespace OklaMq.Tests.Specs.Publishing;

/// <summary>
/// The turns that keep one ordering key's publishes in the order they were started up to their
/// channel, whatever each one waits for first, and keep a later one from overtaking one that failed.
/// </summary>
public sealed class Taking_ordering_key_turns
{
    private readonly OrderingKeyTurns _turns = new();

    [Fact]
    public async Task Should_let_a_publish_out_only_after_the_earlier_one_of_its_key_was_written()
    {
        using var first = _turns.Take("dealer-1");
        using var second = _turns.Take("dealer-1");

        var waiting = second.PreviousWentOutAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);

        first.Written(new TaskCompletionSource().Task);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Should_keep_a_publish_back_when_the_earlier_one_of_its_key_was_never_written()
    {
        var first = _turns.Take("dealer-1");
        using var second = _turns.Take("dealer-1");

        first.Dispose();

        Assert.False(await second.PreviousWentOutAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Should_keep_a_publish_back_when_the_earlier_one_of_its_key_already_failed()
    {
        using var first = _turns.Take("dealer-1");
        using var second = _turns.Take("dealer-1");

        first.Written(Task.FromException(new InvalidOperationException("channel closed")));

        Assert.False(await second.PreviousWentOutAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Should_not_make_other_keys_or_later_publishes_wait()
    {
        using var first = _turns.Take("dealer-1");
        using var other = _turns.Take("dealer-2");

        Assert.True(await other.PreviousWentOutAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        first.Written(Task.CompletedTask);
        first.Dispose();
        using var later = _turns.Take("dealer-1");
        Assert.True(await later.PreviousWentOutAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
