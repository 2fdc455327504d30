using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.ServiceDefaults.Messaging.FaultInjection;
using OklaMq.ServiceDefaults.Messaging.Health;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OklaMq.ServiceDefaults.Messaging.Metrics;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using OklaMq.ServiceDefaults.Messaging.Serialization;
using OklaMq.ServiceDefaults.Messaging.Topology;
using RabbitMQ.Client;

namespace OklaMq.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>The Aspire resource (and connection string) name of the broker.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>
    /// Adds the broker connection (Aspire's RabbitMQ client, from the <c>messaging</c> connection
    /// string and the validated <c>RabbitMQ</c> section) and the event publisher, which declares
    /// the exchanges it publishes to.
    /// </summary>
    public static TBuilder AddBrokerConnection<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<RabbitMqSettings>()
            .Bind(builder.Configuration.GetSection(RabbitMqSettings.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var broker = ResolveBroker(builder);
        // No RabbitMQ.Client spans: the publisher and MassTransit trace each message already (and
        // link them through the MT-Activity-Id header); a third span per message costs ~4 KB.
        builder.AddRabbitMQClient(ConnectionName, settings =>
        {
            settings.DisableTracing = true;
            // A cluster's connection string is a list of URIs, which Aspire would read as one: the factory below gets every node.
            settings.ConnectionString = null;
        }, factory =>
        {
            factory.HostName = broker.Host;
            factory.Port = broker.Port;
            factory.VirtualHost = broker.VirtualHost;
            factory.UserName = broker.Username;
            factory.Password = broker.Password;
            factory.ClientProvidedName = $"{builder.Environment.ApplicationName} publisher";
            // Connect, and recover after a node goes away, to any node of the cluster (the default resolver shuffles them).
            var resolve = factory.EndpointResolverFactory;
            var endpoints = broker.Nodes.Select(n => new AmqpTcpEndpoint(n.Host, n.Port, factory.Ssl, factory.MaxInboundMessageBodySize)).ToList();
            factory.EndpointResolverFactory = _ => resolve(endpoints);
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new DelayTopology(sp.GetRequiredService<IOptions<RabbitMqSettings>>().Value.DelayLevels));
        builder.Services.AddSingleton<PublishedExchanges>();
        builder.Services.AddSingleton<PublisherChannelPool>();
        builder.Services.AddSingleton<IDomainEventPublisher, RabbitMqDomainEventPublisher>();
        return builder;
    }

    /// <summary>
    /// Adds the broker connection and MassTransit on RabbitMQ with OklaMq's topology and
    /// recoverability, and the endpoint health check. <paramref name="configureBus"/> registers the
    /// service's consumers; a service that has them also declares the delay queues its
    /// redeliveries go through (a publisher's broker user may not: docs/security.md).
    /// </summary>
    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator>? configureBus = null)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddBrokerConnection();
        var broker = ResolveBroker(builder);
        if (configureBus is not null)
        {
            builder.Services.AddSingleton<TopologyStatus>();
            builder.Services.AddSingleton(new EndpointQueues(BrokerAddress.TopologyLockName(broker.Username)));
            // Registered before MassTransit's hosted service, so the delay queues exist before an endpoint
            // schedules through them, and the endpoint queues are ready before the bus consumes them.
            builder.Services.AddHostedService<TopologyInitializer>();
            builder.Services.AddHealthChecks().AddCheck<TopologyHealthCheck>("messaging-topology");
        }

        builder.Services.AddOptions<FaultInjectionOptions>().Bind(builder.Configuration.GetSection(FaultInjectionOptions.SectionName));
        builder.Services.AddInbox(builder.Configuration);
        builder.Services.AddSingleton<EndpointStatusRegistry>();
        builder.Services.AddHealthChecks().AddCheck<EndpointsHealthCheck>("messaging-endpoints");

        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            // A service reports healthy (and takes HTTP traffic) only once every endpoint consumes.
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromMinutes(1);
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        // The document's rabbitmq_published_total and rabbitmq_consumed_total for what MassTransit moves.
        builder.Services.AddSendObserver<PublishedMessagesObserver>();
        builder.Services.AddPublishObserver<PublishedMessagesObserver>();
        builder.Services.AddReceiveObserver<ConsumedMessagesObserver>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            configureBus?.Invoke(bus);

            bus.UsingRabbitMq((context, cfg) =>
            {
                var settings = context.GetRequiredService<IOptions<RabbitMqSettings>>().Value;
                cfg.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, $"{builder.Environment.ApplicationName} bus", host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                    host.PublisherConfirmation = true;
                    if (broker.Nodes.Count > 1)
                    {
                        // MassTransit tries the nodes in order and moves to the next when its connection fails;
                        // shuffled, so the services' consumers spread over the nodes instead of all using the first.
                        host.UseCluster(cluster =>
                        {
                            foreach (var node in broker.Nodes.OrderBy(_ => Random.Shared.Next()))
                            {
                                cluster.Node(node.ToString());
                            }
                        });
                    }
                });
                // MassTransit's temporary endpoint is named after machine and process by default; after
                // the broker user here, so the user's permissions can name it (docs/security.md).
                cfg.OverrideDefaultBusEndpointQueueName(BrokerAddress.BusEndpointName(broker.Username));
                cfg.PrefetchCount = settings.PrefetchCount;
                cfg.ConcurrentMessageLimit = settings.ConcurrentMessageLimit;

                var json = new RoutedJsonSerializerFactory();
                cfg.AddSerializer(json);
                cfg.AddDeserializer(json, isDefault: true);
                cfg.UseRoutingTable();

                cfg.ConfigureEndpoints(context);
                cfg.ConfigurePartitionedEndpoints(context, settings.Ordering);
            });
        });
        return builder;
    }

    private static BrokerAddress ResolveBroker(IHostApplicationBuilder builder) => BrokerAddress.Resolve(
        builder.Configuration.GetConnectionString(ConnectionName),
        builder.Configuration.GetSection(RabbitMqSettings.SectionName).Get<RabbitMqSettings>() ?? new());
}
