namespace OklaMq.Hosting.Monitoring;

/// <summary>The AppHost's <c>Prometheus</c> configuration section (docs/operations.md).</summary>
public sealed class PrometheusOptions
{
    public const string SectionName = "Prometheus";

    /// <summary>False leaves Prometheus out of the run.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Debian's server, run in process mode.</summary>
    public string ServerPath { get; set; } = "/usr/bin/prometheus";

    /// <summary>The image run in container mode: the version Debian 12 ships, so rules behave alike in both modes.</summary>
    public string ContainerImage { get; set; } = "prom/prometheus";
    public string ContainerTag { get; set; } = "v2.42.0";

    /// <summary><c>prometheus.yml</c> and <c>rules/</c>; by default the repository's <c>deploy/monitoring/prometheus</c>.</summary>
    public string? ConfigDirectory { get; set; }

    /// <summary>When set, replaces <c>prometheus.yml</c>'s scrape interval.</summary>
    public TimeSpan? ScrapeInterval { get; set; }

    /// <summary>When set, replaces <c>prometheus.yml</c>'s rule evaluation interval.</summary>
    public TimeSpan? EvaluationInterval { get; set; }

    /// <summary>When set, replaces every alert's <c>for</c> (the end-to-end tests shrink it to a second).</summary>
    public TimeSpan? AlertFor { get; set; }
}
