using System.Text.RegularExpressions;
using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.Monitoring;
using OklaMq.Tests.Infrastructure;
using OklaMq.Tests.Infrastructure.Monitoring;
using YamlDotNet.RepresentationModel;

namespace OklaMq.Tests.Specs.Monitoring;

/// <summary>
/// The Prometheus configuration and rules of <c>deploy/monitoring/prometheus</c> (issue 11): valid
/// for promtool, every rule unit-tested by promtool (each alert firing and not firing), each alert
/// with a severity, a summary and a runbook in docs/operations.md, and the design document's three
/// alerts as its section 8.3 writes them.
/// </summary>
public sealed class Checking_the_prometheus_rules
{
    private static readonly string Folder = Repository.PathOf("deploy", "monitoring", "prometheus");

    [Fact]
    public async Task Should_be_a_valid_configuration_whose_rules_promtool_accepts()
    {
        // As the AppHost runs it: with the services' scrape token beside it, written as Prometheus starts.
        using var run = RunDirectory.Create("prometheus-check");
        PrometheusRunFiles.Prepare(Folder, run.Path, new PrometheusOptions());
        PrometheusRunFiles.WriteScrapeToken(run.Path, "check-token");
        var config = await Promtool.SucceedsAsync(run.Path, "check", "config", "prometheus.yml");
        var rules = await Promtool.SucceedsAsync(Folder, ["check", "rules", .. RuleFiles()]);

        Assert.Contains("SUCCESS", config);
        // check config reads the rule files prometheus.yml names, all of them.
        foreach (var file in RuleFiles())
        {
            Assert.Contains(file, config);
            Assert.Contains(file, rules);
        }
    }

    [Fact]
    public async Task Should_pass_every_promtool_unit_test()
    {
        var output = await Promtool.SucceedsAsync(Folder, ["test", "rules", .. TestFiles()]);

        Assert.Equal(TestFiles().Count, Regex.Matches(output, "SUCCESS").Count);
    }

    [Fact]
    public void Should_test_every_alert_firing_and_not_firing()
    {
        var cases = TestFiles()
            .SelectMany(file => Sequence(Load(file), "tests"))
            .SelectMany(test => Sequence(test, "alert_rule_test"))
            .Select(check => (Alert: Scalar(check, "alertname"), Fires: Sequence(check, "exp_alerts").Any()))
            .ToList();

        foreach (var alert in Rules().Where(r => r.Alert is not null).Select(r => r.Alert!))
        {
            Assert.True(cases.Any(c => c.Alert == alert && c.Fires), $"No promtool test expects {alert} to fire.");
            Assert.True(cases.Any(c => c.Alert == alert && !c.Fires), $"No promtool test expects {alert} not to fire.");
        }
    }

    [Fact]
    public void Should_test_every_recording_rule()
    {
        var tested = TestFiles()
            .SelectMany(file => Sequence(Load(file), "tests"))
            .SelectMany(test => Sequence(test, "promql_expr_test"))
            .Select(check => Scalar(check, "expr"))
            .ToList();

        foreach (var record in Rules().Where(r => r.Record is not null).Select(r => r.Record!).Distinct())
        {
            Assert.True(tested.Any(expr => Regex.IsMatch(expr, $@"\b{record}\b")), $"No promtool test evaluates {record}.");
        }
    }

    [Fact]
    public void Should_give_every_alert_a_severity_a_summary_and_a_runbook()
    {
        var operations = File.ReadAllText(Repository.PathOf("docs", "operations.md"));

        foreach (var rule in Rules().Where(r => r.Alert is not null))
        {
            Assert.Contains(rule.Labels.GetValueOrDefault("severity"), new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")), $"{rule.Alert} has no summary.");
            Assert.Equal($"docs/operations.md#{rule.Alert!.ToLowerInvariant()}", rule.Annotations.GetValueOrDefault("runbook_url"));
            Assert.Matches(new Regex($@"^#+ {rule.Alert}$", RegexOptions.Multiline), operations);
        }
    }

    [Fact]
    public void Should_keep_the_design_document_alerts_as_written()
    {
        var alerts = Rules().Where(r => r.Alert is not null).ToDictionary(r => r.Alert!);

        // Section 8.3, word for word.
        Assert.Equal("rabbitmq_queue_messages{state=\"ready\"} > 10000", alerts["QueueBacklog"].Expression);
        Assert.Equal(("5m", "warning"), (alerts["QueueBacklog"].For, alerts["QueueBacklog"].Labels["severity"]));
        Assert.Equal("rabbitmq_dlq_messages_total > 0", alerts["DLQNotEmpty"].Expression);
        Assert.Equal(("5m", "warning"), (alerts["DLQNotEmpty"].For, alerts["DLQNotEmpty"].Labels["severity"]));
        // Corrected: both sides matched on the queue (docs/operations.md "NoConsumers"); same "for" and severity.
        Assert.Matches(@"^rabbitmq_queue_consumers\{[^}]*\} == 0\s+and on \(queue\)\s+sum by \(queue\) \(rabbitmq_queue_messages\) > 0$", alerts["NoConsumers"].Expression);
        Assert.Equal(("5m", "critical"), (alerts["NoConsumers"].For, alerts["NoConsumers"].Labels["severity"]));
    }

    private static IReadOnlyList<string> RuleFiles() => FilesIn("rules", "*.yml");

    private static IReadOnlyList<string> TestFiles() => FilesIn("tests", "*.test.yml");

    private static IReadOnlyList<string> FilesIn(string folder, string pattern) =>
        Directory.GetFiles(Path.Combine(Folder, folder), pattern).Order(StringComparer.Ordinal)
            .Select(path => Path.GetRelativePath(Folder, path)).ToList();

    private sealed record Rule(string? Alert, string? Record, string Expression, string? For, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

    private static IReadOnlyList<Rule> Rules() =>
        RuleFiles()
            .SelectMany(file => Sequence(Load(file), "groups"))
            .SelectMany(group => Sequence(group, "rules"))
            .Select(rule => new Rule(
                Optional(rule, "alert"), Optional(rule, "record"), Scalar(rule, "expr").Trim(), Optional(rule, "for"),
                Map(rule, "labels"), Map(rule, "annotations")))
            .ToList();

    private static YamlMappingNode Load(string relativePath) => YamlFile.Load(Path.Combine(Folder, relativePath));

    private static IEnumerable<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlSequenceNode)value).Children.Cast<YamlMappingNode>() : [];

    private static string Scalar(YamlMappingNode node, string key) => Optional(node, key) ?? throw new KeyNotFoundException(key);

    private static string? Optional(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    private static IReadOnlyDictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value!)
            : new Dictionary<string, string>();
}
