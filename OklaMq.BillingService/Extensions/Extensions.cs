using OklaMq.BillingService.Infrastructure;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Outbox;

namespace OklaMq.BillingService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCache();
        builder.AddHttpApiDefaults();
        // In this project: the validation source generator only sees request types through a call here.
        builder.Services.AddValidation();
        builder.AddMessaging();
        builder.AddOutbox();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SimulatedPaymentGateway>();
        builder.Services.AddSingleton<PaymentRepository>();
        builder.Services.AddSingleton<SubscriptionRepository>();
        return builder;
    }
}
