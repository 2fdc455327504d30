using OklaMq.Benchmarks.Measurement;

namespace OklaMq.Benchmarks.Systems;

/// <summary>
/// Runs the system scenarios once per run, in an order that changes from run to run. Each
/// measurement warms up, measures the peak (requests or events as fast as the window allows, until
/// every effect was seen), then the latency at half of that peak, like the in-process scenarios;
/// the CPU of the service processes and of the broker and stores is read around the peak phase.
/// Redis is emptied before each scenario starts.
/// </summary>
public sealed class SystemRunner(BenchmarkOptions options, SystemContext context, IReadOnlyList<int> infrastructure, TextWriter output)
{
    private readonly ConsumeRecorder _recorder = new();

    public List<SystemResult> Results { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var paths = options.Scenarios.Where(s => SystemScenarios.Paths.Contains(s)).ToList();
        var scales = options.Scenarios.Where(s => SystemScenarios.Scales.Contains(s)).ToList();
        if (paths.Count + scales.Count == 0)
        {
            return;
        }
        await context.Observer.EnableAsync();
        for (var run = 1; run <= options.Runs; run++)
        {
            foreach (var name in Rotate(paths, run))
            {
                await context.Observer.FlushAsync();
                await using var scenario = SystemScenarios.CreatePath(name, context);
                await scenario.StartAsync(cancellationToken);
                await MeasureAsync(scenario, run, cancellationToken);
            }
            foreach (var name in Rotate(scales, run))
            {
                await context.Observer.FlushAsync();
                await using var scenario = SystemScenarios.CreateScale(name, context);
                await scenario.StartAsync(cancellationToken);
                foreach (var instances in options.Instances)
                {
                    await scenario.ScaleToAsync(instances, cancellationToken);
                    foreach (var size in options.BodySizes)
                    {
                        scenario.Resize(size);
                        await MeasureAsync(scenario, run, cancellationToken);
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Rotate(List<string> names, int run) =>
        names.Count == 0 ? names : names.Skip(run % names.Count).Concat(names.Take(run % names.Count));

    private async Task MeasureAsync(ISystemScenario scenario, int run, CancellationToken cancellationToken)
    {
        var label = $"{scenario.Name} ×{scenario.Instances}{(scenario.BodyBytes > 0 ? $" {scenario.BodyBytes} B" : "")}, run {run}";
        output.Write($"run {run}/{options.Runs}  {label,-40} ");

        var count = scenario is ConsumerScaleScenario ? options.ScaleEvents : options.Requests;
        await PhaseAsync(scenario, options.SystemWarmup(count), null, recordLatency: false, $"{label} (warm-up)", cancellationToken);

        var services = scenario.ServiceProcessIds;
        var serviceCpu = ProcessTree.CpuTime(services);
        var infrastructureCpu = ProcessTree.CpuTime(infrastructure);
        var start = BenchClock.Ticks;
        var (published, consumed) = await PhaseAsync(scenario, count, null, recordLatency: false, $"{label} (peak)", cancellationToken);
        serviceCpu = ProcessTree.CpuTime(services) - serviceCpu;
        infrastructureCpu = ProcessTree.CpuTime(infrastructure) - infrastructureCpu;
        var memory = ProcessTree.ResidentBytes(services) / 1024.0 / 1024.0;
        var inRate = count / Seconds(published - start);
        var effectRate = count / Seconds(consumed - start);

        var offered = effectRate / 2;
        await PhaseAsync(scenario, Math.Max(20, (int)(offered * options.LatencySeconds)), offered, recordLatency: true, $"{label} (latency)", cancellationToken);
        var latencies = _recorder.SortedLatenciesMs();

        var result = new SystemResult(scenario.Name, scenario.Instances, scenario.BodyBytes, run, count, inRate, effectRate,
            Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99), offered,
            serviceCpu.TotalMicroseconds / count, infrastructureCpu.TotalMicroseconds / count, memory);
        Results.Add(result);
        output.WriteLine(
            $"in {result.InPerSecond,7:N0}/s  effects {result.EffectsPerSecond,7:N0}/s  p50 {result.LatencyP50Ms,6:0.0} ms  p99 {result.LatencyP99Ms,6:0.0} ms at {offered:N0}/s  " +
            $"services {result.ServiceCpuMicrosecondsPerMessage,5:0} µs/msg  broker+stores {result.InfrastructureCpuMicrosecondsPerMessage,5:0} µs/msg  {memory,5:0} MB");
    }

    /// <summary>Sends <paramref name="count"/> messages (at <paramref name="perSecond"/>, or as fast as the window allows) and waits for every effect.</summary>
    private async Task<(long Published, long Consumed)> PhaseAsync(ISystemScenario scenario, int count, double? perSecond, bool recordLatency, string what, CancellationToken cancellationToken)
    {
        _recorder.Expect(count, recordLatency);
        context.Observer.Watch(scenario.EffectPrefix, scenario.BodyBytes, _recorder);
        if (perSecond is { } rate)
        {
            await PublishDriver.AtRateAsync(count, rate, scenario.Window, scenario.PublishAsync, cancellationToken);
        }
        else
        {
            await PublishDriver.AsFastAsPossibleAsync(count, scenario.Window, scenario.PublishAsync, cancellationToken);
        }
        var published = BenchClock.Ticks;
        return (published, await _recorder.WaitAsync(what, options.Stall, cancellationToken));
    }

    private static double Seconds(long ticks) => ticks / (double)TimeSpan.TicksPerSecond;
}
