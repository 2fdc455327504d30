namespace OklaMq.Benchmarks.Measurement;

/// <summary>
/// What the consumers of a scenario saw: how many messages arrived, when the last expected one did,
/// and each message's publish-to-consume latency. Lock-free and allocation-free per message, so it
/// costs every scenario the same.
/// </summary>
public sealed class ConsumeRecorder
{
    private long[] _latencies = [];
    private int _count;
    private int _expected = int.MaxValue;
    private long _completedAt;
    private int _bodyBytes;
    private TaskCompletionSource _done = NewCompletion();

    /// <summary>Body size of the last message consumed, as the broker delivered it (0 where only its effect is seen).</summary>
    public int BodyBytes => Volatile.Read(ref _bodyBytes);

    public int Count => Volatile.Read(ref _count);

    /// <summary>Starts a phase: the next <paramref name="expected"/> messages complete it.</summary>
    public void Expect(int expected, bool recordLatency)
    {
        _latencies = recordLatency ? new long[expected] : [];
        _done = NewCompletion();
        _completedAt = 0;
        Volatile.Write(ref _count, 0);
        Volatile.Write(ref _expected, expected);
    }

    /// <summary>Called by a consumer with the time its message was stamped when published.</summary>
    public void Record(long sentTicks, int bodyBytes) => Record(sentTicks, bodyBytes, BenchClock.Ticks);

    /// <summary>As <see cref="Record(long, int)"/>, for a message whose effect was seen at <paramref name="now"/>.</summary>
    public void Record(long sentTicks, int bodyBytes, long now)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        var latencies = _latencies;
        if (index < latencies.Length)
        {
            latencies[index] = now - sentTicks;
        }
        _bodyBytes = bodyBytes;
        // An effect seen before its request's response is recorded late, with its own earlier time.
        for (var latest = Volatile.Read(ref _completedAt); now > latest; latest = Volatile.Read(ref _completedAt))
        {
            if (Interlocked.CompareExchange(ref _completedAt, now, latest) == latest)
            {
                break;
            }
        }
        if (index + 1 == Volatile.Read(ref _expected))
        {
            _done.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until every expected message was consumed and returns when the last one was (the latest time recorded). Fails
    /// with the count when nothing arrived for <paramref name="stall"/>: a lost message or a dead
    /// consumer, not a slow one.
    /// </summary>
    public async Task<long> WaitAsync(string what, TimeSpan stall, CancellationToken cancellationToken)
    {
        var lastCount = -1;
        var lastProgress = BenchClock.Ticks;
        while (true)
        {
            var done = _done.Task;
            if (await Task.WhenAny(done, Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken)) == done)
            {
                return _completedAt;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var count = Count;
            if (count != lastCount)
            {
                (lastCount, lastProgress) = (count, BenchClock.Ticks);
            }
            else if (TimeSpan.FromTicks(BenchClock.Ticks - lastProgress) > stall)
            {
                throw new TimeoutException(
                    $"{what}: {count} of {Volatile.Read(ref _expected)} messages consumed, and none for {stall.TotalSeconds:0} s.");
            }
        }
    }

    /// <summary>Latencies of the phase in milliseconds, sorted.</summary>
    public double[] SortedLatenciesMs()
    {
        var values = _latencies.Take(Math.Min(Count, _latencies.Length)).Select(t => t / (double)TimeSpan.TicksPerMillisecond).ToArray();
        Array.Sort(values);
        return values;
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
