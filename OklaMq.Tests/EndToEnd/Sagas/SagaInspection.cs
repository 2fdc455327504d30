using System.Net;
using System.Text.Json.Nodes;
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

    /// <summary>The user's notifications of <paramref name="template"/> on <paramref name="channel"/>.</summary>
    public static async Task<IReadOnlyList<JsonObject>> NotificationsOfAsync(this OklaMqApp app, Guid userId, string channel, string template) =>
        (await app.NotificationsAsync(userId, channel)).Where(n => (string?)n["template"] == template).ToList();
}
