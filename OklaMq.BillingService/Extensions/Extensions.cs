using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.BillingService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("cache");
        builder.AddHttpApiDefaults();
        builder.AddMessaging();
        return builder;
    }
}
