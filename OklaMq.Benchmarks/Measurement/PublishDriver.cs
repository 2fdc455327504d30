namespace OklaMq.Benchmarks.Measurement;

/// <summary>
/// Publishes a scenario's messages: as fast as its window of concurrent publishes allows (peak),
/// or at an offered rate. A window of 1 awaits each publish before the next. Each message is
/// stamped with the time it was due, so a publisher that falls behind shows as latency instead of
/// hiding it.
/// </summary>
public static class PublishDriver
{
    public delegate Task Publish(int index, long stampTicks, CancellationToken cancellationToken);

    public static Task AsFastAsPossibleAsync(int count, int window, Publish publish, CancellationToken cancellationToken) =>
        RunAsync(count, window, publish, dueTicks: null, cancellationToken);

    public static Task AtRateAsync(int count, double perSecond, int window, Publish publish, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.TicksPerSecond / perSecond;
        return RunAsync(count, window, publish, index => (long)(index * interval), cancellationToken);
    }

    private static async Task RunAsync(int count, int window, Publish publish, Func<int, long>? dueTicks, CancellationToken cancellationToken)
    {
        var start = BenchClock.Ticks;
        using var slots = new SemaphoreSlim(window, window);
        Exception? failure = null;

        for (var i = 0; i < count && failure is null; i++)
        {
            var stamp = BenchClock.Ticks;
            if (dueTicks is not null)
            {
                var due = start + dueTicks(i);
                var wait = due - stamp;
                if (wait > TimeSpan.TicksPerMillisecond)
                {
                    await Task.Delay(TimeSpan.FromTicks(wait), cancellationToken);
                }
                stamp = due;
            }

            if (window == 1)
            {
                await publish(i, stamp, cancellationToken);
                continue;
            }
            await slots.WaitAsync(cancellationToken);
            _ = Track(i, stamp);
        }

        for (var i = 0; i < window; i++)
        {
            await slots.WaitAsync(cancellationToken);
        }
        if (failure is not null)
        {
            throw new InvalidOperationException($"A publish failed: {failure.Message}", failure);
        }

        async Task Track(int index, long stamp)
        {
            try
            {
                await publish(index, stamp, cancellationToken);
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
