using System.ComponentModel.DataAnnotations;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.AnalyticsService.Apis;

public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analytics");
        api.MapGet("/counts", CountsAsync);
        api.MapGet("/dealers", DealersAsync);
        api.MapGet("/dealers/{dealerId:guid}/counts", DealerCountsAsync);
        api.MapGet("/dealers/{dealerId:guid}/timeline", DealerTimelineAsync);
        api.MapGet("/events/latest", LatestAsync);
        return app;
    }

    /// <summary>Events tracked per type: <c>{ "vehicle.created": 12, … }</c>.</summary>
    private static async Task<IResult> CountsAsync(AnalyticsStore store) => Results.Ok(await store.CountsAsync());

    /// <summary>Events tracked per dealer, busiest first: <c>{ "&lt;dealerId&gt;": 40, … }</c>.</summary>
    private static async Task<IResult> DealersAsync([Range(1, 1000)] int? top, AnalyticsStore store) =>
        Results.Ok(await store.DealerTotalsAsync(top ?? 100));

    /// <summary>One dealer's events per type; an unknown dealer has none (<c>{}</c>).</summary>
    private static async Task<IResult> DealerCountsAsync([NotEmptyGuid] Guid dealerId, AnalyticsStore store) =>
        Results.Ok(await store.DealerCountsAsync(dealerId));

    /// <summary>A dealer's events in the order they were processed, oldest first (up to the last 1000).</summary>
    private static async Task<IResult> DealerTimelineAsync([NotEmptyGuid] Guid dealerId, [Range(1, 1000)] int? count, AnalyticsStore store) =>
        Results.Ok(await store.DealerTimelineAsync(dealerId, count ?? 100));

    /// <summary>The latest tracked events, newest first.</summary>
    private static async Task<IResult> LatestAsync([Range(1, 500)] int? count, AnalyticsStore store) =>
        Results.Ok(await store.LatestAsync(count ?? 50));
}
