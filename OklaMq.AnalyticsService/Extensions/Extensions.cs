using MassTransit;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.AnalyticsService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("cache");
        builder.AddHttpApiDefaults();
        builder.AddMessaging(bus => bus.AddConsumers(typeof(Extensions).Assembly));
        builder.Services.AddSingleton<AnalyticsStore>();
        return builder;
    }
}
