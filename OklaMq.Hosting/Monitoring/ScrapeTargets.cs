using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using OklaMq.Hosting.RabbitMq;

namespace OklaMq.Hosting.Monitoring;

/// <summary>One address Prometheus scrapes and its labels, as a target group of a file_sd file.</summary>
public sealed record ScrapeTarget(string Address, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// Scrape targets from Aspire's resource snapshots, and Prometheus's file_sd files
/// (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#file_sd_config).
/// </summary>
public static class ScrapeTargets
{
    /// <summary>
    /// A running instance of a service at its own address: the one Aspire gave this replica
    /// (<c>ASPNETCORE_URLS</c>), not the proxy in front of all of them, so every replica is scraped.
    /// Labelled <c>job</c> = the service, <c>replica</c> = the instance's resource id.
    /// </summary>
    public static ScrapeTarget? ServiceInstance(string service, string instanceId, CustomResourceSnapshot snapshot)
    {
        if (snapshot.State?.Text != KnownResourceStates.Running)
        {
            return null;
        }
        var urls = snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
        var http = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        return http is null || !Uri.TryCreate(http, UriKind.Absolute, out var uri)
            ? null
            : new ScrapeTarget(Address(uri), new Dictionary<string, string> { ["job"] = service, ["replica"] = instanceId });
    }

    /// <summary>A running broker node at its Prometheus plugin's endpoint, labelled with the node's resource name.</summary>
    public static ScrapeTarget? BrokerNode(string node, CustomResourceSnapshot snapshot)
    {
        if (snapshot.State?.Text != KnownResourceStates.Running)
        {
            return null;
        }
        var url = snapshot.Urls.FirstOrDefault(u => u.Name == RabbitMqNodeResource.PrometheusEndpointName)?.Url;
        return url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? null
            : new ScrapeTarget(Address(uri), new Dictionary<string, string> { ["node"] = node });
    }

    public static bool IsBrokerNode(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == RabbitMqNodeResource.PrometheusEndpointName);

    /// <summary>The file_sd JSON: one target group per target, in a stable order.</summary>
    public static string ToJson(IEnumerable<ScrapeTarget> targets) =>
        JsonSerializer.Serialize(
            targets.OrderBy(t => t.Address, StringComparer.Ordinal).Select(t => new { targets = new[] { t.Address }, labels = t.Labels }),
            new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Replaces the file in one step (Prometheus watches it), unless it already holds these targets.</summary>
    public static bool Write(string path, IEnumerable<ScrapeTarget> targets)
    {
        var json = ToJson(targets);
        if (File.Exists(path) && File.ReadAllText(path) == json)
        {
            return false;
        }
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    // Every process of a run listens on the loopback's IPv4 address (the broker on nothing else).
    private static string Address(Uri uri) =>
        $"{(uri.IsLoopback ? "127.0.0.1" : uri.Host)}:{uri.Port}";
}
