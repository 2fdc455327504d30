using JasperFx.Resources;
using Npgsql;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Wolverine;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;

namespace OklaMq.Benchmarks.Wolverine;

public static class WolverinePeerExtensions
{
    /// <summary>Wolverine's own activity source and meter, traced as the services trace MassTransit's.</summary>
    private const string WolverineTelemetry = "Wolverine";

    /// <summary>
    /// Wolverine on the benchmark's broker, tuned as its documentation recommends for throughput
    /// (docs/benchmarks.md names each setting): the listener buffered or durable rather than inline,
    /// 64 messages in parallel (prefetch twice that, Wolverine's default), a single node (Solo), no
    /// publisher confirms (the outbox is the guarantee), no local routing, code generated ahead.
    /// </summary>
    public static WebApplicationBuilder AddWolverinePeer(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(PeerSettings.SectionName).Get<PeerSettings>() ?? new();
        builder.Services.AddSingleton(settings);
        builder.AddCache();
        builder.Services.AddSingleton<RedisInboxScripts>();
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(WolverineTelemetry))
            .WithMetrics(metrics => metrics.AddMeter(WolverineTelemetry));
        builder.Services.AddValidation();
        builder.Services.AddProblemDetails();

        var postgres = builder.Configuration.GetConnectionString("postgres");
        if (settings.Durable)
        {
            builder.Services.AddSingleton(NpgsqlDataSource.Create(postgres!));
            builder.Services.AddHostedService<PeerVehicleTable>();
            builder.Services.AddResourceSetupOnStartup();
        }

        var broker = BrokerAddress.Resolve(builder.Configuration.GetConnectionString(MessagingExtensions.ConnectionName),
            builder.Configuration.GetSection(RabbitMqSettings.SectionName).Get<RabbitMqSettings>() ?? new());
        builder.Host.UseWolverine(opts =>
        {
            opts.ServiceName = $"wolverine-{settings.Role}".ToLowerInvariant();
            opts.Durability.Mode = DurabilityMode.Solo;
            // The handler's adapter is generated ahead (Internal/Generated), as the documentation recommends for
            // production: no Roslyn in the process. After changing VehicleCreatedHandler, regenerate it
            // with TypeLoadMode.Auto and the WolverineFx.RuntimeCompilation package.
            opts.CodeGeneration.TypeLoadMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
            opts.Policies.DisableConventionalLocalRouting();
            opts.UseRabbitMq(factory =>
                {
                    factory.HostName = broker.Host;
                    factory.Port = broker.Port;
                    factory.VirtualHost = broker.VirtualHost;
                    factory.UserName = broker.Username;
                    factory.Password = broker.Password;
                })
                .DeclareExchange(PeerSettings.Exchange, exchange => exchange.BindQueue(PeerSettings.Queue))
                .UseQuorumQueues()
                .AutoProvision();
            if (settings.Durable)
            {
                // Each half keeps its envelopes in its own schema, as the documentation advises for services sharing a database.
                opts.PersistMessagesWithPostgresql(postgres!, $"wolverine_{settings.Role}".ToLowerInvariant());
            }

            if (settings.Role == PeerRole.Publisher)
            {
                opts.Discovery.DisableConventionalDiscovery();
                var publishing = opts.PublishMessage<OklaMq.Contracts.Events.VehicleCreatedEvent>().ToRabbitExchange(PeerSettings.Exchange);
                if (settings.Durable)
                {
                    publishing.UseDurableOutbox();
                }
                else
                {
                    publishing.BufferedInMemory();
                }
            }
            else
            {
                opts.Discovery.DisableConventionalDiscovery().IncludeType(typeof(VehicleCreatedHandler));
                var listening = opts.ListenToRabbitQueue(PeerSettings.Queue).MaximumParallelMessages(64);
                if (settings.Durable)
                {
                    listening.UseDurableInbox();
                }
                else
                {
                    listening.BufferedInMemory();
                }
            }
        });
        return builder;
    }
}
