using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Sagas;

/// <summary>A saga instance as its owning service shows it (<c>GET /api/sagas/{saga}/{id}</c>).</summary>
public static class SagaInspection
{
    /// <summary>The instance, or null while it does not exist.</summary>
    public static async Task<JsonObject?> SagaAsync(this HttpClient service, string saga, Guid id)
    {
        using var response = await service.GetAsync($"/api/sagas/{saga}/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /api/sagas/{saga}/{id}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Waits until the instance is in <paramref name="state"/>, and returns it.</summary>
    public static Task<JsonObject> SagaEventuallyAsync(this HttpClient service, string saga, Guid id, string state, TimeSpan? timeout = null) =>
        Polling.Eventually(async () =>
        {
            var instance = await service.SagaAsync(saga, id);
            Assert.True((string?)instance?["state"] == state, $"Saga {saga} {id} is {instance?["state"]?.ToString() ?? "missing"}.");
            return instance!;
        }, timeout ?? OklaApis.EventTimeout, $"saga {saga} {id} reaches {state}");

    /// <summary>The ids <c>GET /api/sagas/{saga}?state=…</c> lists in <paramref name="state"/>.</summary>
    public static async Task<IReadOnlyList<Guid>> SagasInStateAsync(this HttpClient service, string saga, string state)
    {
        var view = (await service.GetFromJsonAsync<JsonObject>($"/api/sagas/{saga}?state={state}&count=1000"))!;
        Assert.Equal(state, (string?)view["state"]);
        return view["instances"]!.AsArray().Select(i => Guid.Parse((string)i!["id"]!)).ToList();
    }

    /// <summary>Waits until the service's <c>/metrics</c> serves <c>okla_saga_instances{saga,state}</c> of at least one, and returns it.</summary>
    public static Task<long> SagaInstancesGaugeEventuallyAsync(this OklaMqApp app, string service, string saga, string state) =>
        Polling.Eventually(async () =>
        {
            using var scrape = await app.ScrapeAsync(service, app.Settings.MetricsScrapeToken);
            var metrics = await scrape.Content.ReadAsStringAsync();
            Assert.True(scrape.IsSuccessStatusCode, $"GET /metrics of {service}: {(int)scrape.StatusCode} {metrics}");
            var sample = Regex.Match(metrics, $@"^okla_saga_instances\{{[^}}]*saga=""{Regex.Escape(saga)}""[^}}]*state=""{Regex.Escape(state)}""[^}}]*\}} (\d+)", RegexOptions.Multiline);
            Assert.True(sample.Success, $"No okla_saga_instances sample for {saga} {state} on {service}'s /metrics.");
            var count = long.Parse(sample.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(count >= 1, $"okla_saga_instances{{saga={saga},state={state}}} is {count} on {service}.");
            return count;
        }, OklaApis.EventTimeout, $"{service}'s /metrics counts {saga} instances in {state}");

    /// <summary>The user's notifications of <paramref name="template"/> on <paramref name="channel"/>.</summary>
    public static async Task<IReadOnlyList<JsonObject>> NotificationsOfAsync(this OklaMqApp app, Guid userId, string channel, string template) =>
        (await app.NotificationsAsync(userId, channel)).Where(n => (string?)n["template"] == template).ToList();
}
