using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OklaMq.AnalyticsService.Apis;
using OklaMq.AnalyticsService.Extensions;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Http;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Analytics;

/// <summary>The analytics HTTP API on a real Kestrel (loopback, free port) over the store the consumer fills.</summary>
[Collection(RedisCollection.Name)]
public sealed class Querying_analytics(LocalRedis redis) : AnalyticsSpec(redis)
{
    private readonly LocalRedis _redis = redis;
    private readonly AnalyticsSpecEvents _events = new();

    /// <summary>Starts the API; disposing it stops Kestrel.</summary>
    private async Task<RunningApi> StartApiAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_redis.Connection);
        builder.Services.AddSingleton<AnalyticsStore>();
        builder.AddHttpApi();
        var app = builder.Build();
        app.UseHttpApiDefaults();
        app.MapAnalyticsApi();
        await app.StartAsync();
        return new RunningApi(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    private sealed class RunningApi(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public HttpClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Should_return_counts_by_event_type()
    {
        await using var running = await StartApiAsync();
        var api = running.Client;
        var before = (await api.GetFromJsonAsync<Dictionary<string, long>>("/api/analytics/counts"))!;

        await _events.PublishAllAsync(Harness.Bus);
        await Harness.InactivityTask;

        var after = await api.GetFromJsonAsync<Dictionary<string, long>>("/api/analytics/counts");
        Assert.Equal(before.GetValueOrDefault("lead.created") + 1, after!["lead.created"]);
        Assert.Equal(before.GetValueOrDefault("user.login") + 1, after["user.login"]);
        Assert.Equal(15, after.Count);
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    [Fact]
    public async Task Should_return_a_dealers_counts_by_event_type()
    {
        await using var running = await StartApiAsync();
        var api = running.Client;

        await PublishAndWaitAsync(_events.VehicleCreated);
        await PublishAndWaitAsync(_events.LeadCreated);

        var counts = await api.GetFromJsonAsync<Dictionary<string, long>>($"/api/analytics/dealers/{_events.DealerId}/counts");
        Assert.Equal(new Dictionary<string, long> { ["vehicle.created"] = 1, ["lead.created"] = 1 }, counts);
        Assert.Empty((await api.GetFromJsonAsync<Dictionary<string, long>>($"/api/analytics/dealers/{Guid.NewGuid()}/counts"))!);
        await AssertNoFaultAsync<VehicleCreatedEvent>();
    }

    [Fact]
    public async Task Should_return_the_total_of_every_dealer()
    {
        await using var running = await StartApiAsync();
        var api = running.Client;

        await PublishAndWaitAsync(_events.VehicleSold);
        await PublishAndWaitAsync(_events.SubscriptionCreated);

        var totals = await api.GetFromJsonAsync<Dictionary<string, long>>("/api/analytics/dealers?top=1000");
        Assert.Equal(2, totals![_events.DealerId.ToString()]);
        await AssertNoFaultAsync<VehicleSoldEvent>();
    }

    [Fact]
    public async Task Should_return_the_latest_events_newest_first()
    {
        await using var running = await StartApiAsync();
        var api = running.Client;

        await PublishAndWaitAsync(_events.PaymentFailed);
        await PublishAndWaitAsync(_events.UserVerified);

        var latest = await api.GetFromJsonAsync<JsonElement>("/api/analytics/events/latest?count=2");
        Assert.Equal(2, latest.GetArrayLength());
        Assert.Equal("user.verified", latest[0].GetProperty("eventType").GetString());
        Assert.Equal(_events.UserId, latest[0].GetProperty("entityId").GetGuid());
        Assert.Equal("Phone", latest[0].GetProperty("properties").GetProperty("verification_type").GetString());
        Assert.Equal("payment.failed", latest[1].GetProperty("eventType").GetString());
        await AssertNoFaultAsync<UserVerifiedEvent>();
    }

    [Fact]
    public async Task Should_return_fifty_latest_events_by_default()
    {
        await using var running = await StartApiAsync();
        var api = running.Client;
        var store = Services.GetRequiredService<AnalyticsStore>();
        for (var i = 0; i < 60; i++)
        {
            await TrackDirectlyAsync(OklaMq.AnalyticsService.Model.AnalyticsEvents.From(_events.UserLoggedIn) with { MessageId = Guid.NewGuid() });
        }

        var latest = await api.GetFromJsonAsync<JsonElement>("/api/analytics/events/latest");
        Assert.Equal(50, latest.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/analytics/events/latest?count=0")]
    [InlineData("/api/analytics/events/latest?count=501")]
    [InlineData("/api/analytics/events/latest?count=lots")]
    [InlineData("/api/analytics/dealers?top=0")]
    [InlineData("/api/analytics/dealers/00000000-0000-0000-0000-000000000000/counts")]
    public async Task Should_reject_an_invalid_query_with_problem_details(string url)
    {
        await using var running = await StartApiAsync();
        var api = running.Client;

        var response = await api.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
