using OklaMq.Benchmarks.Measurement;
using OklaMq.Benchmarks.Scenarios;
using OklaMq.Benchmarks.Systems;

namespace OklaMq.Benchmarks;

/// <summary>
/// Runs every scenario on every queue kind, once per run, in an order that changes from run to
/// run (so drift of the shared machine spreads over all scenarios). Each measurement starts the
/// scenario fresh, warms it up, measures its peak, then its latency at half of that peak.
/// </summary>
public sealed class BenchmarkRunner(BenchmarkOptions options, BrokerEndpoint broker, string redisConnectionString, TextWriter output)
{
    private readonly ConsumeRecorder _recorder = new();

    public List<ScenarioResult> Results { get; } = [];
    public List<BatchResult> Batches { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var variants = options.Variants.Prepend(PipelineVariant.Base).ToList();
        var items = options.Queues
            .SelectMany(q => options.Scenarios.Where(s => !SystemScenarios.All.Contains(s) && (s != "saga" || q == QueueKind.Quorum)).SelectMany(s => (s.StartsWith("pipeline", StringComparison.Ordinal) ? variants : [PipelineVariant.Base])
                .Select(v => (Scenario: s, Queue: q, Variant: v))))
            .ToList();
        if (items.Count == 0)
        {
            return;
        }
        // Every scenario once, unmeasured: JIT tiering and first-use costs of the process would otherwise land on run 1.
        output.WriteLine("Warm-up pass (not measured)…");
        foreach (var (scenario, queue, variant) in items)
        {
            await using var warm = Create(scenario, queue, variant);
            await warm.StartAsync(cancellationToken);
            await WarmUpAsync(warm, $"{scenario} on a {queue} queue (warm-up pass)", cancellationToken);
        }

        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var (scenario, queue, variant) in Order(items, run))
            {
                await MeasureAsync(scenario, queue, variant, run, cancellationToken);
            }
        }
    }

    private IEnumerable<T> Order<T>(List<T> items, int run)
    {
        var shift = (run - 1) * items.Count / options.Runs % items.Count;
        var rotated = items.Skip(shift).Concat(items.Take(shift));
        return run % 2 == 0 ? rotated.Reverse() : rotated;
    }

    private IScenario Create(string name, QueueKind queue, PipelineVariant variant)
    {
        var settings = new Dictionary<string, string>(options.Settings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in variant.Settings)
        {
            settings[key] = value;
        }
        var context = new ScenarioContext(broker, redisConnectionString, _recorder, options, settings);
        return name switch
        {
            "raw" => new RawClientScenario(context, queue),
            "masstransit" => new MassTransitScenario(context, queue, MassTransitScenario.Document),
            "masstransit-tuned" => new MassTransitScenario(context, queue, MassTransitScenario.Tuned),
            "pipeline" => new PipelineScenario(context, queue),
            "saga" => new SagaScenario(context, queue),
            "pipeline-publisher" => new PipelineScenario(context, queue, PipelineSides.Publisher),
            "pipeline-consumer" => new PipelineScenario(context, queue, PipelineSides.Consumer),
            _ => throw new ArgumentException($"Unknown scenario '{name}'."),
        };
    }

    private async Task MeasureAsync(string name, QueueKind queue, PipelineVariant variant, int run, CancellationToken cancellationToken)
    {
        var display = variant.Name.Length == 0 ? name : $"{name}[{variant.Name}]";
        output.Write($"run {run}/{options.Runs}  {display,-11} {queue,-7} ");
        await using var scenario = Create(name, queue, variant);
        await scenario.StartAsync(cancellationToken);
        var label = $"{display} on a {queue} queue, run {run}";

        await WarmUpAsync(scenario, label, cancellationToken);

        // Peak: publish as fast as the scenario's window allows while the consumer drains.
        var count = options.Messages;
        _recorder.Expect(count, recordLatency: false);
        Settle();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = BenchClock.Ticks;
        await PublishDriver.AsFastAsPossibleAsync(count, scenario.Window, scenario.PublishAsync, cancellationToken);
        var published = BenchClock.Ticks;
        var consumed = await _recorder.WaitAsync($"{label} (peak)", options.Stall, cancellationToken);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var publishRate = count / Seconds(published - start);
        var endToEndRate = count / Seconds(consumed - start);

        // Latency at a fixed offered rate: half of the peak just measured.
        var offered = endToEndRate / 2;
        var latencyCount = Math.Max(20, (int)(offered * options.LatencySeconds));
        _recorder.Expect(latencyCount, recordLatency: true);
        Settle();
        start = BenchClock.Ticks;
        await PublishDriver.AtRateAsync(latencyCount, offered, scenario.Window, scenario.PublishAsync, cancellationToken);
        var achieved = latencyCount / Seconds(BenchClock.Ticks - start);
        await _recorder.WaitAsync($"{label} (latency)", options.Stall, cancellationToken);
        var latencies = _recorder.SortedLatenciesMs();

        var result = new ScenarioResult(name, variant.Name, queue, run, count, publishRate, endToEndRate,
            cpu.TotalMicroseconds / count, allocated >= 0 ? (double)allocated / count : double.NaN, _recorder.BodyBytes,
            offered, achieved, Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99), latencies.Length);
        Results.Add(result);
        output.WriteLine(
            $"publish {result.PublishPerSecond,7:N0}/s  end-to-end {result.EndToEndPerSecond,7:N0}/s  " +
            $"p50 {result.LatencyP50Ms,6:0.0} ms  p99 {result.LatencyP99Ms,6:0.0} ms at {offered:N0}/s  " +
            $"cpu {result.CpuMicrosecondsPerMessage,5:0} µs/msg  alloc {result.BytesAllocatedPerMessage / 1024,5:0.0} KB/msg");

        if (scenario is IBatchPublishingScenario batching && name == "pipeline" && options.BatchSize > 0)
        {
            await MeasureBatchAsync(batching, variant, run, label, cancellationToken);
        }
    }

    /// <summary>The same number of events through an awaited PublishAsync loop and through one PublishBatchAsync, alternately.</summary>
    private async Task MeasureBatchAsync(IBatchPublishingScenario scenario, PipelineVariant variant, int run, string label, CancellationToken cancellationToken)
    {
        var size = options.BatchSize;
        var loops = new List<double>();
        var batches = new List<double>();
        for (var repeat = 0; repeat < options.BatchRepeats; repeat++)
        {
            _recorder.Expect(size, recordLatency: false);
            var start = BenchClock.Ticks;
            for (var i = 0; i < size; i++)
            {
                await scenario.PublishAsync(i, start, cancellationToken);
            }
            loops.Add(size / Seconds(BenchClock.Ticks - start));
            await _recorder.WaitAsync($"{label} (awaited loop)", options.Stall, cancellationToken);

            _recorder.Expect(size, recordLatency: false);
            start = BenchClock.Ticks;
            await scenario.PublishBatchAsync(0, size, start, cancellationToken);
            batches.Add(size / Seconds(BenchClock.Ticks - start));
            await _recorder.WaitAsync($"{label} (batch)", options.Stall, cancellationToken);
        }
        var result = new BatchResult(run, variant.Name, scenario.Queue, size, Stats.Of(loops).Median, Stats.Of(batches).Median);
        Batches.Add(result);
        output.WriteLine(
            $"run {run}/{options.Runs}  {variant.Name,-11} {scenario.Queue,-7} batch of {size}: awaited loop {result.LoopPerSecond,7:N0}/s  " +
            $"PublishBatchAsync {result.BatchPerSecond,7:N0}/s  ({result.Speedup:0.0}x)");
    }

    /// <summary>Connections, channels, pools and JIT of this scenario instance, before it is measured.</summary>
    private async Task WarmUpAsync(IScenario scenario, string label, CancellationToken cancellationToken)
    {
        _recorder.Expect(options.Warmup, recordLatency: false);
        await PublishDriver.AsFastAsPossibleAsync(options.Warmup, scenario.Window, scenario.PublishAsync, cancellationToken);
        await _recorder.WaitAsync($"{label} (warm-up)", options.Stall, cancellationToken);
    }

    private static double Seconds(long ticks) => ticks / (double)TimeSpan.TicksPerSecond;

    /// <summary>Collects garbage of the previous phase, so it is not charged to the next.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
