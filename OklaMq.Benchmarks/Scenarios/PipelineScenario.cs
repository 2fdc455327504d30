using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OklaMq.Benchmarks.Measurement;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Consumers;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using OklaMq.ServiceDefaults.Messaging.Serialization;

namespace OklaMq.Benchmarks.Scenarios;

/// <summary>
/// The OklaMq pipeline as a service runs it: a host with <c>AddServiceDefaults</c> (OpenTelemetry
/// traces, metrics and logs), Redis (<c>AddRedisClient("cache")</c>) and <c>AddMessaging</c>; events
/// published through <see cref="IDomainEventPublisher"/> (confirms over the channel pool) to
/// <c>vehicle.events</c> with <c>vehicle.created</c>; a consumer on an
/// <see cref="EventConsumerDefinition{TConsumer}"/> endpoint, so it gets everything such an
/// endpoint gets (routing-key bindings, quorum queue, retry, redelivery, kill switch, in-memory
/// outbox, contract validation, and the inbox once it exists). The configuration is a service's,
/// plus <see cref="BenchmarkOptions.Settings"/> (for example <c>RabbitMQ:PrefetchCount</c>).
/// </summary>
public sealed class PipelineScenario(ScenarioContext context, QueueKind queue) : IBatchPublishingScenario
{
    /// <summary>Dealers the events are spread over; the dealer id is the ordering key that picks a publisher channel.</summary>
    private const int Dealers = 64;

    private static readonly Guid[] DealerIds = Enumerable.Range(0, Dealers).Select(_ => Guid.NewGuid()).ToArray();
    private static readonly string Model = PaddedModel();

    private readonly string _queueName = $"bench-pipeline-{BrokerAdmin.QueueType(queue)}";
    private IHost? _host;
    private IDomainEventPublisher? _publisher;

    public string Name => "pipeline";
    public QueueKind Queue => queue;
    public int Window => context.Options.Window;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "OklaMq.Benchmarks",
            EnvironmentName = Environments.Production,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{MessagingExtensions.ConnectionName}"] = context.Broker.ConnectionString,
            ["ConnectionStrings:cache"] = context.RedisConnectionString,
            ["RabbitMQ:VirtualHost"] = context.Broker.VirtualHost,
            // A service's appsettings.json.
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(context.Options.Settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        // Records still go to OpenTelemetry's logger as in a service; the terminal only shows problems.
        builder.Logging.AddSimpleConsole();
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);

        builder.AddServiceDefaults();
        builder.AddRedisClient("cache");
        builder.Services.AddSingleton(context.Recorder);
        builder.Services.AddSingleton(new PipelineEndpoint(_queueName, queue));
        builder.AddMessaging(bus => bus.AddConsumer<PipelineConsumer, PipelineConsumerDefinition>());

        _host = builder.Build();
        await _host.StartAsync(cancellationToken);
        _publisher = _host.Services.GetRequiredService<IDomainEventPublisher>();
    }

    public Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken) =>
        _publisher!.PublishAsync(NewEvent(index, stampTicks), cancellationToken);

    public Task PublishBatchAsync(int firstIndex, int count, long stampTicks, CancellationToken cancellationToken) =>
        _publisher!.PublishBatchAsync(Enumerable.Range(firstIndex, count).Select(i => NewEvent(i, stampTicks)).ToList(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        // The queue, its dead-letter queue, and the fanout exchange MassTransit names after the queue.
        await BrokerAdmin.DeleteAsync(context.Broker, [_queueName, DeadLetterQueues.For(_queueName)], [_queueName], CancellationToken.None);
    }

    private static VehicleCreatedEvent NewEvent(int index, long stampTicks) => new()
    {
        VehicleId = Guid.NewGuid(),
        DealerId = DealerIds[index % Dealers],
        Make = "Toyota",
        Model = Model,
        Year = 2024,
        Price = 1_250_000m,
        Status = "Pending",
        CreatedAt = BenchClock.ToDateTime(stampTicks),
        CorrelationId = Guid.NewGuid(),
    };

    /// <summary>A model name long enough that the event's JSON is 1 KB, like the other scenarios' bodies.</summary>
    private static string PaddedModel()
    {
        var sample = new VehicleCreatedEvent
        {
            VehicleId = Guid.NewGuid(),
            DealerId = Guid.NewGuid(),
            Make = "Toyota",
            Model = "Corolla ",
            Year = 2024,
            Price = 1_250_000m,
            CreatedAt = DateTime.UtcNow,
            CorrelationId = Guid.NewGuid(),
        };
        var size = JsonSerializer.SerializeToUtf8Bytes(sample, WireJson.Options).Length;
        return "Corolla " + new string('x', Math.Max(0, RawClientScenario.BodySize - size));
    }
}

/// <summary>The queue of the pipeline scenario's endpoint.</summary>
public sealed record PipelineEndpoint(string QueueName, QueueKind Queue);

/// <summary>
/// The pipeline's endpoint, an OklaMq event endpoint. Services only have quorum queues; for the
/// classic variant the quorum-only arguments are taken off again after the definition applied them.
/// </summary>
public sealed class PipelineConsumerDefinition(PipelineEndpoint endpoint) : EventConsumerDefinition<PipelineConsumer>(endpoint.QueueName)
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<PipelineConsumer> consumerConfigurator, IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        if (endpoint.Queue == QueueKind.Classic && endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQueueArgument("x-queue-type", "classic");
            rabbit.SetQueueArgument("x-delivery-limit", null);
            rabbit.SetQueueArgument("x-dead-letter-strategy", null);
        }
    }
}

/// <summary>Minimal work: note the message's latency.</summary>
public sealed class PipelineConsumer(ConsumeRecorder recorder) : IConsumer<VehicleCreatedEvent>
{
    public Task Consume(ConsumeContext<VehicleCreatedEvent> context)
    {
        recorder.Record(BenchClock.FromDateTime(context.Message.CreatedAt), context.ReceiveContext.Body.Length is long n ? (int)n : 0);
        return Task.CompletedTask;
    }
}
