using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Sagas;
using OklaMq.VehiclesService.Infrastructure;
using OklaMq.VehiclesService.Sagas;

namespace OklaMq.VehiclesService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCache();
        builder.AddHttpApiDefaults();
        // In this project: the validation source generator only sees request types through a call here.
        builder.Services.AddValidation();
        builder.AddMessaging(bus => bus.AddDurableSaga<LeadFollowUpStateMachine, LeadFollowUpState>("lead-follow-up"));
        builder.Services.AddOptions<LeadFollowUpSagaSettings>().BindConfiguration(LeadFollowUpSagaSettings.SectionName);
        builder.AddOutbox();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<VehicleRepository>();
        builder.Services.AddSingleton<LeadRepository>();
        return builder;
    }
}
