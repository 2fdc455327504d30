using System.Globalization;
using System.Text;
using OklaMq.Benchmarks.Measurement;
using OklaMq.Benchmarks.Systems;

namespace OklaMq.Benchmarks.Reporting;

/// <summary>The system scenarios' results: the real path beside Wolverine, the consumers' scale, and issue 14's goals.</summary>
public sealed class SystemTable(IReadOnlyList<SystemResult> results)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly (string Header, Func<SystemResult, double> Value, string Format)[] Columns =
    [
        ("in msg/s", r => r.InPerSecond, "N0"),
        ("effects/s", r => r.EffectsPerSecond, "N0"),
        ("p50 ms", r => r.LatencyP50Ms, "0.0"),
        ("p99 ms", r => r.LatencyP99Ms, "0.0"),
        ("at msg/s", r => r.OfferedPerSecond, "N0"),
        ("services CPU µs/msg", r => r.ServiceCpuMicrosecondsPerMessage, "N0"),
        ("broker+stores CPU µs/msg", r => r.InfrastructureCpuMicrosecondsPerMessage, "N0"),
        ("services MB", r => r.ServiceMemoryMegabytes, "N0"),
    ];

    private IEnumerable<IGrouping<(string Scenario, int Instances, int BodyBytes), SystemResult>> Groups(string[] scenarios) =>
        results.Where(r => scenarios.Contains(r.Scenario))
            .GroupBy(r => (r.Scenario, r.Instances, r.BodyBytes))
            .OrderBy(g => Array.IndexOf(scenarios, g.Key.Scenario))
            .ThenBy(g => g.Key.BodyBytes)
            .ThenBy(g => g.Key.Instances);

    /// <summary>The real path and its peers.</summary>
    public string PathsMarkdown() => Markdown(SystemScenarios.Paths, withShape: false);

    /// <summary>The consumers' scale.</summary>
    public string ScaleMarkdown() => Markdown(SystemScenarios.Scales, withShape: true);

    private string Markdown(string[] scenarios, bool withShape)
    {
        var text = new StringBuilder();
        var shape = withShape ? "| instances | body B " : "";
        text.AppendLine($"| scenario {shape}| {string.Join(" | ", Columns.Select(c => c.Header))} |");
        text.AppendLine($"| --- {(withShape ? "| ---: | ---: " : "")}| {string.Join(" | ", Columns.Select(_ => "---:"))} |");
        foreach (var group in Groups(scenarios))
        {
            var cells = Columns.Select(c => Cells.Of(Stats.Of(group.Select(c.Value)), c.Format));
            var shapeCells = withShape ? $"| {group.Key.Instances} | {group.Key.BodyBytes} " : "";
            text.AppendLine($"| {SystemScenarios.DisplayName(group.Key.Scenario)} {shapeCells}| {string.Join(" | ", cells)} |");
        }
        return text.ToString();
    }

    public string PerRunMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"| run | scenario | instances | body B | {string.Join(" | ", Columns.Select(c => c.Header))} |");
        text.AppendLine($"| ---: | --- | ---: | ---: | {string.Join(" | ", Columns.Select(_ => "---:"))} |");
        foreach (var r in results.OrderBy(r => r.Run))
        {
            text.AppendLine($"| {r.Run} | {r.Scenario} | {r.Instances} | {r.BodyBytes} | {string.Join(" | ", Columns.Select(c => c.Value(r).ToString(c.Format, Invariant)))} |");
        }
        return text.ToString();
    }

    /// <summary>Plain text for the terminal.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        foreach (var group in Groups(SystemScenarios.All))
        {
            text.AppendLine($"{group.Key.Scenario,-24} ×{group.Key.Instances} {group.Key.BodyBytes,6} B  " +
                string.Join("  ", Columns.Select(c => $"{c.Header} {Cells.Of(Stats.Of(group.Select(c.Value)), c.Format)}")));
        }
        return text.ToString();
    }

    /// <summary>Issue 14's goal for the real path, as ratios within a run, and what the outbox costs.</summary>
    public string Goals()
    {
        var text = new StringBuilder();
        var durable = PerRun("http-outbox", "http-wolverine-durable");
        if (durable.Count > 0)
        {
            text.AppendLine("| goal (issue 14) | measured (median, range over runs) | met |");
            text.AppendLine("| --- | --- | --- |");
            var rate = Stats.Of(durable.Select(p => p.A.EffectsPerSecond / p.B.EffectsPerSecond));
            var cpu = Stats.Of(durable.Select(p => p.A.TotalCpuMicrosecondsPerMessage / p.B.TotalCpuMicrosecondsPerMessage));
            text.AppendLine($"| OklaMq's outbox-and-inbox path end to end ≥ 2x Wolverine durable | {Cells.Of(rate, "0.00")}x | {Cells.Met(rate.Median >= 2)} |");
            text.AppendLine($"| … at no more CPU per message (services, broker and stores) than Wolverine durable | {Cells.Of(cpu, "0.00")}x | {Cells.Met(cpu.Median <= 1)} |");
            text.AppendLine();
        }
        var direct = PerRun("http-outbox", "http-direct");
        if (direct.Count > 0)
        {
            var rate = Stats.Of(direct.Select(p => p.A.EffectsPerSecond / p.B.EffectsPerSecond * 100));
            var cpu = Stats.Of(direct.Select(p => p.A.ServiceCpuMicrosecondsPerMessage - p.B.ServiceCpuMicrosecondsPerMessage));
            var stores = Stats.Of(direct.Select(p => p.A.InfrastructureCpuMicrosecondsPerMessage - p.B.InfrastructureCpuMicrosecondsPerMessage));
            text.AppendLine($"What the outbox costs (with it against without it, same run): {Cells.Of(rate, "0")} % of the effects per second, " +
                $"{Cells.Of(cpu, "+0;-0")} µs of services CPU and {Cells.Of(stores, "+0;-0")} µs of broker and Redis CPU per message.");
        }
        return text.ToString();
    }

    private List<(SystemResult A, SystemResult B)> PerRun(string a, string b) =>
        results.Where(r => r.Scenario == a).Join(results.Where(r => r.Scenario == b), r => r.Run, r => r.Run, (x, y) => (x, y)).ToList();
}
