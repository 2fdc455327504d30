using System.Globalization;
using System.Text.RegularExpressions;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Hosting.Monitoring;

/// <summary>
/// A run's Prometheus folder: the repository's <c>prometheus.yml</c> and <c>rules/*.yml</c> copied
/// as they are, except for the intervals and <c>for</c> durations that configuration overrides; the
/// scrape targets (<c>targets/*.json</c>) the AppHost writes; the time series database.
/// </summary>
public static partial class PrometheusRunFiles
{
    public const string ConfigFile = "prometheus.yml";
    public const string RulesFolder = "rules";
    public const string TargetsFolder = "targets";
    public const string DataFolder = "data";
    public const string ServiceTargetsFile = "services.json";
    public const string BrokerTargetsFile = "rabbitmq.json";
    public const string ScrapeTokenFile = "metrics-scrape-token";

    public static void Prepare(string source, string destination, PrometheusOptions options)
    {
        var config = Path.Combine(source, ConfigFile);
        var rules = Path.Combine(source, RulesFolder);
        if (!File.Exists(config) || !Directory.Exists(rules))
        {
            throw new DirectoryNotFoundException(
                $"Prometheus's {ConfigFile} and {RulesFolder}/ were not found in '{source}' (Prometheus:ConfigDirectory).");
        }

        File.WriteAllText(Path.Combine(destination, ConfigFile),
            WithIntervals(File.ReadAllText(config), options.ScrapeInterval, options.EvaluationInterval));
        Directory.CreateDirectory(Path.Combine(destination, RulesFolder));
        foreach (var file in Directory.EnumerateFiles(rules, "*.yml"))
        {
            File.WriteAllText(Path.Combine(destination, RulesFolder, Path.GetFileName(file)), WithAlertFor(File.ReadAllText(file), options.AlertFor));
        }

        var targets = Path.Combine(destination, TargetsFolder);
        Directory.CreateDirectory(targets);
        ScrapeTargets.Write(Path.Combine(targets, ServiceTargetsFile), []);
        ScrapeTargets.Write(Path.Combine(targets, BrokerTargetsFile), []);
        Directory.CreateDirectory(Path.Combine(destination, DataFolder));
    }

    /// <summary>
    /// The token the services' <c>/metrics</c> ask for (docs/security.md), where <c>prometheus.yml</c>'s
    /// <c>oklamq</c> job reads it (<c>authorization.credentials_file</c>). Readable by its owner only,
    /// unless a container's user must read it.
    /// </summary>
    public static void WriteScrapeToken(string destination, string token, bool readableByAll = false)
    {
        var path = Path.Combine(destination, ScrapeTokenFile);
        if (readableByAll)
        {
            File.WriteAllText(path, token);
        }
        else
        {
            PrivateFile.Write(path, token);
        }
    }

    /// <summary>Every <c>scrape_interval</c> and <c>evaluation_interval</c> set to the given ones, when given.</summary>
    public static string WithIntervals(string config, TimeSpan? scrape, TimeSpan? evaluation)
    {
        if (scrape is { } scrapeInterval)
        {
            config = ScrapeInterval().Replace(config, "${key}" + Duration(scrapeInterval));
        }
        if (evaluation is { } evaluationInterval)
        {
            config = EvaluationInterval().Replace(config, "${key}" + Duration(evaluationInterval));
        }
        return config;
    }

    /// <summary>Every alert's <c>for</c> set to <paramref name="alertFor"/>, when given.</summary>
    public static string WithAlertFor(string rules, TimeSpan? alertFor) =>
        alertFor is { } value ? For().Replace(rules, "${key}" + Duration(value)) : rules;

    /// <summary>A duration as Prometheus writes it: whole seconds as <c>5s</c>, anything finer in milliseconds.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A Prometheus interval must be positive.");
        }
        return value.Ticks % TimeSpan.TicksPerSecond == 0
            ? ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
    }

    [GeneratedRegex(@"^(?<key>\s*scrape_interval:\s*)\S+", RegexOptions.Multiline)]
    private static partial Regex ScrapeInterval();

    [GeneratedRegex(@"^(?<key>\s*evaluation_interval:\s*)\S+", RegexOptions.Multiline)]
    private static partial Regex EvaluationInterval();

    [GeneratedRegex(@"^(?<key>\s*for:\s*)\S+", RegexOptions.Multiline)]
    private static partial Regex For();
}
