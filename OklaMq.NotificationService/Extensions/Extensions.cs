using MassTransit;
using OklaMq.NotificationService.Consumers;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.NotificationService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("cache");
        builder.AddHttpApiDefaults();
        builder.AddMessaging(bus => bus.AddConsumers(typeof(Extensions).Assembly));
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<NotificationLog>();
        builder.Services.AddSingleton<UserNotifier>();
        return builder;
    }
}
