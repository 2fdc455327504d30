using OklaMq.AnalyticsService.Consumers;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Ordering;

namespace OklaMq.AnalyticsService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCache();
        builder.AddHttpApi();
        builder.AddMessaging(bus => bus.AddOrderedConsumer<AnalyticsEventConsumer, AnalyticsEventConsumerDefinition>());
        builder.Services.AddSingleton<AnalyticsStore>();
        return builder;
    }

    /// <summary>
    /// Problem details, and validation of this service's requests: .NET 10's validation generator
    /// only generates validators for the project that calls <c>AddValidation</c>, so it is called here.
    /// </summary>
    public static IHostApplicationBuilder AddHttpApi(this IHostApplicationBuilder builder)
    {
        builder.AddHttpApiDefaults();
        builder.Services.AddValidation();
        return builder;
    }
}
