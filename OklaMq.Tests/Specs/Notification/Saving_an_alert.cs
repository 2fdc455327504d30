using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OklaMq.NotificationService.Apis;
using OklaMq.NotificationService.Extensions;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Http;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Notification;

/// <summary>The alerts HTTP API on a real Kestrel (loopback, free port), composed as the service composes it.</summary>
[Collection(RedisCollection.Name)]
public sealed class Saving_an_alert(LocalRedis redis)
{
    private async Task<WebApplication> StartApiAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(redis.Connection);
        builder.Services.AddSingleton<AlertStore>();
        builder.AddHttpApi();
        var app = builder.Build();
        app.UseHttpApiDefaults();
        app.MapAlertsApi();
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> PostAsync(WebApplication app, string json)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return await client.PostAsync("/api/alerts", new StringContent(json, Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task Should_save_a_valid_alert_for_its_user()
    {
        var userId = Guid.NewGuid();
        await using var app = await StartApiAsync();

        var response = await PostAsync(app, $$"""{"userId":"{{userId}}","make":"Honda","yearFrom":2018,"yearTo":2022,"priceTo":1500000}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<SavedAlert>();
        var saved = Assert.Single(await app.Services.GetRequiredService<AlertStore>().ForUserAsync(userId));
        Assert.Equal(created, saved);
        Assert.Equal("Honda", saved.Make);
        await app.StopAsync();
    }

    [Theory]
    [InlineData("""{"userId":"3f1c1a52-6a57-4b4e-9a65-0a1c2b3d4e5f","yearFrom":2022,"yearTo":2018}""")]
    [InlineData("""{"userId":"3f1c1a52-6a57-4b4e-9a65-0a1c2b3d4e5f","priceFrom":900000,"priceTo":100000}""")]
    [InlineData("""{"userId":"3f1c1a52-6a57-4b4e-9a65-0a1c2b3d4e5f","yearFrom":1800}""")]
    [InlineData("""{"userId":"3f1c1a52-6a57-4b4e-9a65-0a1c2b3d4e5f","make":""}""")]
    [InlineData("""{"userId":"00000000-0000-0000-0000-000000000000"}""")]
    [InlineData("""{"make":"Toyota"}""")]
    public async Task Should_reject_an_invalid_alert_with_problem_details(string json)
    {
        await using var app = await StartApiAsync();

        var response = await PostAsync(app, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await app.StopAsync();
    }
}
