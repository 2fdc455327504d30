using System.Text.Json.Nodes;

namespace OklaMq.Tests.Infrastructure.Monitoring;

/// <summary>
/// The Grafana dashboard of <c>deploy/monitoring/grafana</c>, read as JSON: no Grafana dashboard
/// model is among the NuGet packages served here, so the tests check its structure themselves.
/// </summary>
public sealed class GrafanaDashboard(JsonObject json)
{
    public static readonly string FilePath = Repository.PathOf("deploy", "monitoring", "grafana", "dashboards", "oklamq.json");

    /// <summary>What Grafana's <c>$__rate_interval</c> becomes when a query runs outside Grafana.</summary>
    public const string RateInterval = "1m";

    public JsonObject Json { get; } = json;

    public static GrafanaDashboard Load() => new(JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject());

    /// <summary>Every panel that shows data (rows left out).</summary>
    public IReadOnlyList<JsonObject> Panels =>
        Json["panels"]!.AsArray().Select(p => p!.AsObject()).Where(p => (string?)p["type"] != "row").ToList();

    /// <summary>Each panel's queries, as Prometheus runs them.</summary>
    public IEnumerable<PanelQuery> Queries =>
        Panels.SelectMany(panel => panel["targets"]!.AsArray().Select(target => new PanelQuery(
            (string)panel["title"]!, (string)target!["refId"]!, (string)target["expr"]!)));
}

public sealed record PanelQuery(string Panel, string RefId, string Expression)
{
    public string PromQl => Expression.Replace("$__rate_interval", GrafanaDashboard.RateInterval, StringComparison.Ordinal);

    public override string ToString() => $"{Panel} ({RefId}): {PromQl}";
}
