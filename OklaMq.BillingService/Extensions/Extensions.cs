using MassTransit;
using OklaMq.BillingService.Consumers;
using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Sagas;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.BillingService.Extensions;

public static class Extensions
{
    /// <summary>MQ-SAGA-002's name: its queue, its Redis keys, <c>GET /api/sagas/subscription-activation/{id}</c>.</summary>
    public const string SubscriptionActivationSaga = "subscription-activation";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCache();
        builder.AddHttpApiDefaults();
        // In this project: the validation source generator only sees request types through a call here.
        builder.Services.AddValidation();
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<PaymentRequestConsumer, PaymentRequestConsumerDefinition>();
            bus.AddConsumer<PaymentRefundConsumer, PaymentRefundConsumerDefinition>();
            bus.AddDurableSaga<SubscriptionActivationStateMachine, SubscriptionActivation>(SubscriptionActivationSaga);
        });
        builder.AddOutbox();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SimulatedDeclines>();
        builder.Services.AddSingleton<SimulatedPaymentGateway>();
        builder.Services.AddSingleton<PaymentRepository>();
        builder.Services.AddSingleton<PaymentProcessor>();
        builder.Services.AddSingleton<SubscriptionRepository>();
        builder.Services.AddSingleton<SubscriptionLifecycle>();
        builder.Services.AddOptions<SubscriptionActivationOptions>()
            .Bind(builder.Configuration.GetSection(SubscriptionActivationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
