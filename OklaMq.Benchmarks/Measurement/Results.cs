using OklaMq.Benchmarks.Scenarios;

namespace OklaMq.Benchmarks.Measurement;

/// <summary>One scenario on one queue kind in one run.</summary>
public sealed record ScenarioResult(
    string Scenario,
    string Variant,
    QueueKind Queue,
    int Run,
    int Messages,
    double PublishPerSecond,
    double EndToEndPerSecond,
    double CpuMicrosecondsPerMessage,
    double BytesAllocatedPerMessage,
    int BodyBytes,
    double OfferedPerSecond,
    double AchievedPerSecond,
    double LatencyP50Ms,
    double LatencyP99Ms,
    int LatencyMessages);

/// <summary>PublishBatchAsync against an awaited loop of PublishAsync over the same messages, in one run.</summary>
public sealed record BatchResult(int Run, string Variant, QueueKind Queue, int BatchSize, double LoopPerSecond, double BatchPerSecond)
{
    public double Speedup => BatchPerSecond / LoopPerSecond;
}
