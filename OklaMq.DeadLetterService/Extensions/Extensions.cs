using OklaMq.DeadLetterService.DeadLetters;
using OklaMq.DeadLetterService.Faults;
using OklaMq.DeadLetterService.Infrastructure;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.DeadLetterService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddCache();
        builder.AddHttpApiDefaults();
        // In this project: the validation source generator only sees request types through a call here.
        builder.Services.AddValidation();
        // The raw broker connection only: dead letters are of every type, read as bytes, not through MassTransit.
        builder.AddBrokerConnection();
        builder.Services.AddOptions<FaultStoreOptions>().Bind(builder.Configuration.GetSection(FaultStoreOptions.SectionName));
        builder.Services.AddSingleton<FaultStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<DeadLetterMover>();
        builder.Services.AddHostedService<FaultStoreConsumer>();
        return builder;
    }
}
