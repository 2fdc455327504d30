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
        builder.AddCache();
        builder.AddHttpApi();
        builder.AddMessaging(bus => bus.AddConsumers(typeof(Extensions).Assembly));
        builder.Services.AddSingleton<UserDirectory>();
        builder.Services.AddSingleton<AlertStore>();
        builder.Services.AddSingleton<NotificationLog>();
        builder.Services.AddSingleton<UserNotifier>();
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
