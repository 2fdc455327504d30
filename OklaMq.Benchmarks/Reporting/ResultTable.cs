using System.Globalization;
using System.Text;
using OklaMq.Benchmarks.Measurement;
using OklaMq.Benchmarks.Scenarios;

namespace OklaMq.Benchmarks.Reporting;

/// <summary>The results as a table of medians with their range over the runs, and the issue's goals.</summary>
public sealed class ResultTable(IReadOnlyList<ScenarioResult> results, IReadOnlyList<BatchResult> batches)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly (string Header, Func<ScenarioResult, double> Value, string Format)[] Columns =
    [
        ("publish msg/s", r => r.PublishPerSecond, "N0"),
        ("end-to-end msg/s", r => r.EndToEndPerSecond, "N0"),
        ("p50 ms", r => r.LatencyP50Ms, "0.0"),
        ("p99 ms", r => r.LatencyP99Ms, "0.0"),
        ("at msg/s", r => r.OfferedPerSecond, "N0"),
        ("CPU µs/msg", r => r.CpuMicrosecondsPerMessage, "N0"),
        ("alloc KB/msg", r => r.BytesAllocatedPerMessage / 1024, "0.0"),
    ];

    private IEnumerable<IGrouping<(string Scenario, string Variant, QueueKind Queue), ScenarioResult>> Groups =>
        results.GroupBy(r => (r.Scenario, r.Variant, r.Queue))
            .OrderBy(g => g.Key.Queue)
            .ThenBy(g => Array.IndexOf(BenchmarkOptions.AllScenarios, g.Key.Scenario))
            .ThenBy(g => g.Key.Variant.Length > 0)
            .ThenBy(g => g.First().Run);

    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"| scenario | queue | body B | {string.Join(" | ", Columns.Select(c => c.Header))} |");
        text.AppendLine($"| --- | --- | ---: | {string.Join(" | ", Columns.Select(_ => "---:"))} |");
        foreach (var group in Groups)
        {
            var cells = Columns.Select(c => Cells.Of(Stats.Of(group.Select(c.Value)), c.Format));
            text.AppendLine($"| {DisplayName(group.Key.Scenario, group.Key.Variant)} | {group.Key.Queue.ToString().ToLowerInvariant()} | {group.First().BodyBytes} | {string.Join(" | ", cells)} |");
        }
        text.AppendLine();
        text.AppendLine("Each cell: median over the runs, and (min–max) when there were several.");
        return text.ToString();
    }

    public string Goals()
    {
        var text = new StringBuilder();
        if (results.Count == 0)
        {
            return string.Empty;
        }
        text.AppendLine("| goal (issue 5 unless named) | queue | measured (median, range over runs) | met |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var queue in results.Select(r => r.Queue).Distinct().Order())
        {
            // The bound of every pipeline built on MassTransit's endpoint: MassTransit alone, tuned as the pipeline is.
            var bare = PerRun(queue, "masstransit-tuned", variant: "");
            if (bare.Count > 0)
            {
                AppendRatios(text, "bare MassTransit (tuned)", queue, bare);
            }
            var againstBare = results.Where(r => r.Queue == queue && r.Scenario == "pipeline" && r.Variant.Length == 0)
                .Join(bare.Select(p => p.A), r => r.Run, r => r.Run, (p, m) => p.EndToEndPerSecond / m.EndToEndPerSecond * 100)
                .ToList();
            if (againstBare.Count > 0)
            {
                var share = Stats.Of(againstBare);
                text.AppendLine($"| pipeline end-to-end ≥ 85% of bare MassTransit (tuned) (issue 14) | {Lower(queue)} | {Cells.Of(share, "0")} % | {Cells.Met(share.Median >= 85)} |");
            }
            foreach (var variant in results.Where(r => r.Scenario == "pipeline").Select(r => r.Variant).Distinct().OrderBy(v => v.Length > 0))
            {
                var name = DisplayName("pipeline", variant).Replace("OklaMq pipeline", "pipeline", StringComparison.Ordinal);
                var pairs = PerRun(queue, "pipeline", variant);
                if (pairs.Count > 0)
                {
                    AppendRatios(text, name, queue, pairs);
                }
                var pipeline = results.Where(r => r.Scenario == "pipeline" && r.Variant == variant && r.Queue == queue).ToList();
                if (pipeline.Count > 0)
                {
                    var p99 = Stats.Of(pipeline.Select(r => r.LatencyP99Ms));
                    text.AppendLine($"| {name} p99 ≤ 50 ms at half of peak | {Lower(queue)} | {Cells.Of(p99, "0.0")} ms | {Cells.Met(p99.Median <= 50)} |");
                }
                var saga = results.Where(r => r.Scenario == "saga" && r.Queue == queue && variant.Length == 0).Join(pipeline, r => r.Run, r => r.Run, (s, p) => s.EndToEndPerSecond / p.EndToEndPerSecond * 100).ToList();
                if (saga.Count > 0)
                {
                    text.AppendLine($"| saga transitions end-to-end, % of {name} (one commit per event, docs/sagas.md) | {Lower(queue)} | {Cells.Of(Stats.Of(saga), "0")} % | - |");
                }
                var batch = batches.Where(b => b.Queue == queue && b.Variant == variant).ToList();
                if (batch.Count > 0)
                {
                    var speedup = Stats.Of(batch.Select(b => b.Speedup));
                    text.AppendLine($"| {name} PublishBatchAsync ≥ 6x an awaited PublishAsync loop ({batch[0].BatchSize} events) | {Lower(queue)} | {Cells.Of(speedup, "0.0")}x ({Stats.Of(batch.Select(b => b.LoopPerSecond)).Median:N0} vs {Stats.Of(batch.Select(b => b.BatchPerSecond)).Median:N0} msg/s) | {Cells.Met(speedup.Median >= 6)} |");
                }
            }
        }
        return text.ToString();
    }

    public string PerRunMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"| run | scenario | queue | {string.Join(" | ", Columns.Select(c => c.Header))} |");
        text.AppendLine($"| ---: | --- | --- | {string.Join(" | ", Columns.Select(_ => "---:"))} |");
        foreach (var r in results.OrderBy(r => r.Run))
        {
            text.AppendLine($"| {r.Run} | {DisplayName(r.Scenario, r.Variant)} | {Lower(r.Queue)} | {string.Join(" | ", Columns.Select(c => c.Value(r).ToString(c.Format, Invariant)))} |");
        }
        return text.ToString();
    }

    /// <summary>Plain text for the terminal.</summary>
    public string Text()
    {
        var headers = new[] { "scenario", "queue", "body B" }.Concat(Columns.Select(c => c.Header)).ToArray();
        var rows = Groups.Select(g => new[] { DisplayName(g.Key.Scenario, g.Key.Variant), Lower(g.Key.Queue), g.First().BodyBytes.ToString(Invariant) }
            .Concat(Columns.Select(c => Cells.Of(Stats.Of(g.Select(c.Value)), c.Format))).ToArray()).ToList();
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine(string.Join("  ", headers.Select((h, i) => h.PadLeft(widths[i]))));
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((c, i) => c.PadLeft(widths[i]))));
        }
        return text.ToString();
    }

    private static void AppendRatios(StringBuilder text, string name, QueueKind queue, List<(ScenarioResult A, ScenarioResult B)> pairs)
    {
        var throughput = Stats.Of(pairs.Select(p => p.A.EndToEndPerSecond / p.B.EndToEndPerSecond * 100));
        var cpu = Stats.Of(pairs.Select(p => p.A.CpuMicrosecondsPerMessage / p.B.CpuMicrosecondsPerMessage));
        text.AppendLine($"| {name} end-to-end ≥ 80% of raw | {Lower(queue)} | {Cells.Of(throughput, "0")} % | {Cells.Met(throughput.Median >= 80)} |");
        text.AppendLine($"| {name} client CPU per message ≤ 1.5x raw | {Lower(queue)} | {Cells.Of(cpu, "0.00")}x | {Cells.Met(cpu.Median <= 1.5)} |");
    }

    /// <summary>A scenario (of <paramref name="variant"/>) and raw, paired by run: ratios within a run cancel most of the machine's drift.</summary>
    private List<(ScenarioResult A, ScenarioResult B)> PerRun(QueueKind queue, string scenario, string variant) =>
        results.Where(r => r.Queue == queue && r.Scenario == scenario && r.Variant == variant)
            .Join(results.Where(r => r.Queue == queue && r.Scenario == "raw"), r => r.Run, r => r.Run, (x, y) => (x, y))
            .ToList();

    public static string DisplayName(string scenario, string variant) =>
        variant.Length == 0 ? DisplayName(scenario) : $"{DisplayName(scenario)} [{variant}]";

    public static string DisplayName(string scenario) => scenario switch
    {
        "raw" => "raw RabbitMQ.Client",
        "masstransit" => "MassTransit (document settings)",
        "masstransit-tuned" => "MassTransit (tuned, bare)",
        "pipeline" => "OklaMq pipeline",
        "saga" => "OklaMq saga transition",
        "pipeline-publisher" => "OklaMq publisher, raw consumer",
        "pipeline-consumer" => "raw publisher, OklaMq endpoint",
        _ => scenario,
    };

    private static string Lower(QueueKind queue) => queue.ToString().ToLowerInvariant();
}
