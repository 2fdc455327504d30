using System.Diagnostics;

namespace OklaMq.Benchmarks.Measurement;

/// <summary>
/// One monotonic clock for publisher and consumer (they share the process): ticks of 100 ns since
/// the benchmark started, and the same instant as a UTC <see cref="DateTime"/> for messages whose
/// contract carries a time (the pipeline's <c>VehicleCreatedEvent.CreatedAt</c>).
/// </summary>
public static class BenchClock
{
    private static readonly long Start = Stopwatch.GetTimestamp();
    private static readonly DateTime Epoch = DateTime.UtcNow;

    public static long Ticks => Stopwatch.GetElapsedTime(Start).Ticks;

    public static DateTime ToDateTime(long ticks) => Epoch.AddTicks(ticks);

    public static long FromDateTime(DateTime time) => (time.ToUniversalTime() - Epoch).Ticks;
}
