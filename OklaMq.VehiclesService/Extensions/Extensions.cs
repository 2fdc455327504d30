using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Sagas;
using OklaMq.VehiclesService.Infrastructure;
using OklaMq.VehiclesService.Sagas;

namespace OklaMq.VehiclesService.Extensions;

public static class Extensions
{
    /// <summary>MQ-SAGA-001's name: its queue, its Redis keys, <c>GET /api/sagas/vehicle-sale/{id}</c>.</summary>
    public const string VehicleSaleSaga = "vehicle-sale";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCache();
        builder.AddHttpApiDefaults();
        // In this project: the validation source generator only sees request types through a call here.
        builder.Services.AddValidation();
        builder.AddMessaging(bus =>
        {
            bus.AddDurableSaga<LeadFollowUpStateMachine, LeadFollowUpState>("lead-follow-up");
            bus.AddDurableSaga<VehicleSaleStateMachine, VehicleSale>(VehicleSaleSaga);
        });
        builder.Services.AddOptions<LeadFollowUpSagaSettings>().BindConfiguration(LeadFollowUpSagaSettings.SectionName);
        builder.AddOutbox();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<VehicleRepository>();
        builder.Services.AddSingleton<LeadRepository>();
        builder.Services.AddSingleton<VehicleSales>();
        builder.Services.AddOptions<VehicleSaleOptions>()
            .Bind(builder.Configuration.GetSection(VehicleSaleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
