using OklaMq.AuthService.Infrastructure;
using OklaMq.AuthService.Sagas;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.AuthService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCache();
        builder.AddHttpApiDefaults();
        // In this project: the validation source generator only sees request types through a call here.
        builder.Services.AddValidation();
        builder.AddMessaging(bus => bus.AddDurableSaga<RegistrationStateMachine, RegistrationState>("registration"));
        builder.Services.AddOptions<RegistrationSagaSettings>().BindConfiguration(RegistrationSagaSettings.SectionName);
        builder.AddOutbox();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserRepository>();
        builder.Services.AddSingleton<SessionRepository>();
        builder.Services.AddSingleton<VerificationAttempts>();
        return builder;
    }
}
