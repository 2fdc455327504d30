using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// The run's Prometheus (the AppHost's <c>prometheus</c> resource) through its HTTP API: instant
/// queries and the alerts it reports (https://prometheus.io/docs/prometheus/latest/querying/api/).
/// </summary>
public sealed class PrometheusApi : IDisposable
{
    public const string Resource = "prometheus";

    /// <summary>Broker statistics every 5 s, a scrape every 2 s, rules every second, "for" 1 s: seconds, allowed minutes.</summary>
    public static readonly TimeSpan AlertTimeout = TimeSpan.FromSeconds(90);

    private readonly HttpClient _http;

    public PrometheusApi(OklaMqApp app) =>
        _http = new HttpClient { BaseAddress = app.App.GetEndpoint(Resource, "http"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The result of an instant query: one entry per series, with its labels and value.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promQl)
    {
        var data = await GetDataAsync($"api/v1/query?query={Uri.EscapeDataString(promQl)}");
        return data["result"]!.AsArray().Select(r => new PrometheusSample(
            r!["metric"]!.AsObject().ToDictionary(l => l.Key, l => (string)l.Value!),
            (string)r["value"]![1]!)).ToList();
    }

    /// <summary>Every alert Prometheus holds now, pending or firing, with its labels and annotations.</summary>
    public async Task<IReadOnlyList<JsonObject>> AlertsAsync() =>
        (await GetDataAsync("api/v1/alerts"))["alerts"]!.AsArray().Select(a => a!.AsObject()).ToList();

    /// <summary>Waits until <paramref name="alert"/> fires for <paramref name="queue"/>, and returns it.</summary>
    public Task<JsonObject> FiringEventuallyAsync(string alert, string queue) =>
        Polling.Eventually(async () => (await AlertsAsync()).SingleOrDefault(a => Is(a, alert, queue) && (string?)a["state"] == "firing")
            ?? throw new InvalidOperationException($"{alert} is not firing for {queue}: {Describe(await AlertsAsync())}"),
            AlertTimeout, $"Prometheus reports {alert} firing for {queue}");

    /// <summary>Waits until <paramref name="alert"/> is neither pending nor firing for <paramref name="queue"/>.</summary>
    public Task QuietEventuallyAsync(string alert, string queue) =>
        Polling.Eventually(async () =>
        {
            var alerts = await AlertsAsync();
            Assert.False(alerts.Any(a => Is(a, alert, queue)), $"{alert} is still active for {queue}: {Describe(alerts)}");
        }, AlertTimeout, $"Prometheus reports no {alert} for {queue}");

    private static bool Is(JsonObject alert, string name, string queue) =>
        (string?)alert["labels"]!["alertname"] == name && (string?)alert["labels"]!["queue"] == queue;

    private static string Describe(IEnumerable<JsonObject> alerts) =>
        string.Join("; ", alerts.Select(a => $"{a["labels"]!["alertname"]}{{queue={a["labels"]!["queue"]}}} {a["state"]}"));

    private async Task<JsonObject> GetDataAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True((string?)body["status"] == "success", $"Prometheus answered {path} with {body.ToJsonString()}");
        return body["data"]!.AsObject();
    }

    public void Dispose() => _http.Dispose();
}

public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, string Value)
{
    public override string ToString() => $"{{{string.Join(", ", Labels.Select(l => $"{l.Key}={l.Value}"))}}} {Value}";
}
