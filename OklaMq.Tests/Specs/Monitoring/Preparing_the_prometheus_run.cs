using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.Monitoring;
using OklaMq.Tests.Infrastructure;
using OklaMq.Tests.Infrastructure.Monitoring;

namespace OklaMq.Tests.Specs.Monitoring;

/// <summary>
/// What the AppHost gives its Prometheus: the repository's configuration and rules, intervals and
/// alert durations shrunk only when configuration says so, and file_sd targets for every running
/// service replica and broker node, from Aspire's resource snapshots.
/// </summary>
public sealed class Preparing_the_prometheus_run : IDisposable
{
    private static readonly string Source = Repository.PathOf("deploy", "monitoring", "prometheus");
    private readonly RunDirectory _run = RunDirectory.Create("prometheus-spec");

    [Fact]
    public async Task Should_copy_the_configuration_and_rules_as_they_are_by_default()
    {
        PrometheusRunFiles.Prepare(Source, _run.Path, new PrometheusOptions());

        Assert.Equal(File.ReadAllText(Path.Combine(Source, "prometheus.yml")), File.ReadAllText(_run.FilePath("prometheus.yml")));
        foreach (var rules in Directory.GetFiles(Path.Combine(Source, "rules")))
        {
            Assert.Equal(File.ReadAllText(rules), File.ReadAllText(Path.Combine(_run.Path, "rules", Path.GetFileName(rules))));
        }
        Assert.Equal("[]", File.ReadAllText(Path.Combine(_run.Path, "targets", "services.json")));
        Assert.Equal("[]", File.ReadAllText(Path.Combine(_run.Path, "targets", "rabbitmq.json")));
        PrometheusRunFiles.WriteScrapeToken(_run.Path, "spec-token");
        await Promtool.SucceedsAsync(_run.Path, "check", "config", "prometheus.yml");
    }

    [Fact]
    public async Task Should_shrink_the_intervals_and_every_alert_duration_when_configured()
    {
        PrometheusRunFiles.Prepare(Source, _run.Path, new PrometheusOptions
        {
            ScrapeInterval = TimeSpan.FromSeconds(2),
            EvaluationInterval = TimeSpan.FromSeconds(1),
            AlertFor = TimeSpan.FromMilliseconds(500),
        });

        var config = File.ReadAllText(_run.FilePath("prometheus.yml"));
        Assert.Contains("  scrape_interval: 2s", config);
        Assert.Contains("  evaluation_interval: 1s", config);
        var alerts = File.ReadAllText(Path.Combine(_run.Path, "rules", "oklamq-alerts.yml"));
        var durations = alerts.Split('\n').Where(line => line.TrimStart().StartsWith("for:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(durations);
        Assert.All(durations, line => Assert.Equal("for: 500ms", line.Trim()));
        // Still a configuration and rules Prometheus loads.
        PrometheusRunFiles.WriteScrapeToken(_run.Path, "spec-token");
        var output = await Promtool.SucceedsAsync(_run.Path, "check", "config", "prometheus.yml");
        Assert.Contains("oklamq-alerts.yml", output);
    }

    [Theory]
    [InlineData(2_000, "2s")]
    [InlineData(90_000, "90s")]
    [InlineData(500, "500ms")]
    [InlineData(1_500, "1500ms")]
    public void Should_write_durations_as_prometheus_reads_them(int milliseconds, string expected) =>
        Assert.Equal(expected, PrometheusRunFiles.Duration(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public async Task Should_scrape_the_services_with_the_token_their_metrics_ask_for()
    {
        PrometheusRunFiles.Prepare(Source, _run.Path, new PrometheusOptions());
        PrometheusRunFiles.WriteScrapeToken(_run.Path, "spec-token");

        var config = await Promtool.SucceedsAsync(_run.Path, "check", "config", "prometheus.yml");
        Assert.Contains("SUCCESS", config);
        Assert.Contains($"credentials_file: {PrometheusRunFiles.ScrapeTokenFile}", File.ReadAllText(_run.FilePath("prometheus.yml")));
        Assert.Equal("spec-token", File.ReadAllText(_run.FilePath(PrometheusRunFiles.ScrapeTokenFile)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_run.FilePath(PrometheusRunFiles.ScrapeTokenFile)));
        }
    }

    [Fact]
    public void Should_scrape_each_running_replica_at_its_own_address_not_the_proxy()
    {
        var replica = ScrapeTargets.ServiceInstance("analytics", "analytics-abcdefgh", Snapshot(KnownResourceStates.Running,
            env: ("ASPNETCORE_URLS", "https://localhost:19443;http://localhost:19006"),
            url: ("http", "http://localhost:5441")));

        Assert.NotNull(replica);
        Assert.Equal("127.0.0.1:19006", replica.Address);
        Assert.Equal(new Dictionary<string, string> { ["job"] = "analytics", ["replica"] = "analytics-abcdefgh" }, replica.Labels);
        Assert.Null(ScrapeTargets.ServiceInstance("analytics", "analytics-abcdefgh", Snapshot(KnownResourceStates.Exited,
            env: ("ASPNETCORE_URLS", "http://localhost:19006"))));
        Assert.Null(ScrapeTargets.ServiceInstance("analytics", "analytics-abcdefgh", Snapshot(KnownResourceStates.Running)));
    }

    [Fact]
    public void Should_scrape_a_running_broker_node_at_its_prometheus_plugin()
    {
        var node = ScrapeTargets.BrokerNode("messaging", Snapshot(KnownResourceStates.Running,
            url: ("prometheus", "http://localhost:43787/metrics")));

        Assert.NotNull(node);
        Assert.Equal("127.0.0.1:43787", node.Address);
        Assert.Equal("messaging", node.Labels["node"]);
        Assert.Null(ScrapeTargets.BrokerNode("messaging", Snapshot(KnownResourceStates.Finished, url: ("prometheus", "http://localhost:43787/metrics"))));
    }

    [Fact]
    public void Should_write_the_file_sd_file_only_when_its_targets_change()
    {
        var path = _run.FilePath("services.json");
        ScrapeTarget[] targets =
        [
            new("127.0.0.1:2", new Dictionary<string, string> { ["job"] = "vehicles" }),
            new("127.0.0.1:1", new Dictionary<string, string> { ["job"] = "billing" }),
        ];

        Assert.True(ScrapeTargets.Write(path, targets));
        Assert.False(ScrapeTargets.Write(path, targets.Reverse()));

        var groups = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        Assert.Equal(["127.0.0.1:1", "127.0.0.1:2"], groups.Select(g => (string?)g!["targets"]![0]));
        Assert.Equal("billing", (string?)groups[0]!["labels"]!["job"]);
        Assert.True(ScrapeTargets.Write(path, targets.Take(1)));
    }

    private static CustomResourceSnapshot Snapshot(string state, (string Name, string Value)? env = null, (string Name, string Url)? url = null) => new()
    {
        ResourceType = "Project",
        Properties = [],
        State = new ResourceStateSnapshot(state, null),
        EnvironmentVariables = env is { } e ? [new EnvironmentVariableSnapshot(e.Name, e.Value, IsFromSpec: true)] : ImmutableArray<EnvironmentVariableSnapshot>.Empty,
        Urls = url is { } u ? [new UrlSnapshot(u.Name, u.Url, IsInternal: false)] : ImmutableArray<UrlSnapshot>.Empty,
    };

    public void Dispose() => _run.Dispose();
}
