using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>The services' HTTP APIs, as the tests use them: each call asserts its status code.</summary>
public static class OklaApis
{
    public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(45);

    /// <summary>Registers a user through Auth with a fresh email; returns the user id.</summary>
    public static async Task<Guid> RegisterAsync(this OklaMqApp app, string fullName, string accountType = "Individual")
    {
        var email = $"user-{Guid.NewGuid():N}@example.test";
        var created = await PostAsync(app.Auth, "/api/auth/register", new { email, fullName, password = "correct horse battery", accountType });
        return Guid.Parse((string)created["userId"]!);
    }

    public static async Task<Guid> CreateVehicleAsync(this OklaMqApp app, Guid dealerId, string make, string model, int year, decimal price)
    {
        var created = await PostAsync(app.Vehicles, "/api/vehicles", new { dealerId, make, model, year, price });
        return Guid.Parse((string)created["id"]!);
    }

    public static async Task<Guid> SaveAlertAsync(this OklaMqApp app, Guid userId, string make, int yearFrom, int yearTo, decimal priceTo)
    {
        var created = await PostAsync(app.Notification, "/api/alerts", new { userId, make, yearFrom, yearTo, priceTo });
        return Guid.Parse((string)created["id"]!);
    }

    /// <summary>What Notification's channels recorded for a user, newest first.</summary>
    public static async Task<IReadOnlyList<JsonObject>> NotificationsAsync(this OklaMqApp app, Guid userId, string? channel = null)
    {
        var query = $"/api/notifications?userId={userId}" + (channel is null ? "" : $"&channel={channel}");
        var sent = (await app.Notification.GetFromJsonAsync<JsonArray>(query))!;
        return sent.Select(n => n!.AsObject()).ToList();
    }

    /// <summary>Waits until the user has a notification of <paramref name="template"/> on <paramref name="channel"/>, and returns it.</summary>
    public static Task<JsonObject> NotificationEventuallyAsync(this OklaMqApp app, Guid userId, string channel, string template, TimeSpan? timeout = null) =>
        Polling.Eventually(async () =>
        {
            var sent = await app.NotificationsAsync(userId, channel);
            return sent.FirstOrDefault(n => (string?)n["template"] == template)
                ?? throw new InvalidOperationException($"{sent.Count} {channel} notifications, none {template}.");
        }, timeout ?? EventTimeout, $"user {userId} gets a {template} {channel}");

    public static async Task<IReadOnlyDictionary<string, long>> DealerAnalyticsAsync(this OklaMqApp app, Guid dealerId) =>
        (await app.Analytics.GetFromJsonAsync<Dictionary<string, long>>($"/api/analytics/dealers/{dealerId}/counts"))!;

    public static async Task<IReadOnlyList<JsonObject>> LatestAnalyticsAsync(this OklaMqApp app, int count = 500) =>
        (await app.Analytics.GetFromJsonAsync<JsonArray>($"/api/analytics/events/latest?count={count}"))!.Select(e => e!.AsObject()).ToList();

    /// <summary>The fault store's records of one source queue, newest first.</summary>
    public static async Task<IReadOnlyList<JsonObject>> FaultsAsync(this OklaMqApp app, string queue)
    {
        var page = (await app.DeadLetters.GetFromJsonAsync<JsonObject>($"/api/faults?queue={queue}&pageSize=500"))!;
        return page["items"]!.AsArray().Select(f => f!.AsObject()).ToList();
    }

    public static async Task<IReadOnlyList<JsonObject>> FaultsOfMessageAsync(this OklaMqApp app, string queue, Guid messageId) =>
        (await app.FaultsAsync(queue)).Where(f => (string?)f["messageId"] == messageId.ToString()).ToList();

    /// <summary>GET /metrics of a service as Prometheus scrapes it, with <paramref name="token"/> as its bearer token.</summary>
    public static async Task<HttpResponseMessage> ScrapeAsync(this OklaMqApp app, string service, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await app.Http(service).SendAsync(request);
    }

    public static async Task<JsonObject> PostAsync(HttpClient http, string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The number of attempts an endpoint's fault-injection filter counted for a message (0 when none).</summary>
    public static async Task<long> AttemptsAsync(this OklaMqApp app, string endpoint, Guid messageId)
    {
        var value = await app.RedisDb.StringGetAsync($"okla:fault-injection:attempts:{endpoint}:{messageId}");
        return value.IsNull ? 0 : (long)value;
    }
}
