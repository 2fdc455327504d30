using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OklaMq.Benchmarks.Measurement;
using OklaMq.Contracts.Events;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Consumers;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using OklaMq.ServiceDefaults.Messaging.Serialization;
using OklaMq.ServiceDefaults.Messaging.Topology;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using StackExchange.Redis;

namespace OklaMq.Benchmarks.Scenarios;

/// <summary>Which side of the pipeline a scenario runs through OklaMq; the other side is the raw client.</summary>
public enum PipelineSides
{
    /// <summary>Both: the pipeline as a service runs it.</summary>
    Both,

    /// <summary>OklaMq's publisher, a raw consumer: what the publishing side costs.</summary>
    Publisher,

    /// <summary>A raw publisher of the same wire format, OklaMq's endpoint: what the consuming side costs.</summary>
    Consumer,
}

/// <summary>
/// The OklaMq pipeline as a service runs it: a host with <c>AddServiceDefaults</c> (OpenTelemetry
/// traces, metrics and logs), Redis (<c>AddCache()</c>) and <c>AddMessaging</c>; events
/// published through <see cref="IDomainEventPublisher"/> (confirms over the channel pool) to
/// <c>vehicle.events</c> with <c>vehicle.created</c>; a consumer on an
/// <see cref="EventConsumerDefinition{TConsumer}"/> endpoint, so it gets everything such an
/// endpoint gets (routing-key bindings, quorum queue, partitioning by ordering key, retry,
/// redelivery, circuit breaker, contract validation, and the Redis inbox in the mode of
/// <see cref="InboxModeSetting"/>). The configuration is a service's,
/// plus <see cref="ScenarioContext.Settings"/> (for example <c>RabbitMQ:PrefetchCount</c>).
/// With <see cref="PipelineSides.Publisher"/> or <see cref="PipelineSides.Consumer"/> one side is
/// the raw client instead, to tell apart what each side costs.
/// </summary>
public sealed class PipelineScenario(ScenarioContext context, QueueKind queue, PipelineSides sides = PipelineSides.Both) : IBatchPublishingScenario
{
    /// <summary>Off: no <c>AddServiceDefaults</c> (no OpenTelemetry), to measure what telemetry costs. Not a service setting.</summary>
    public const string TelemetrySetting = "Benchmark:Telemetry";

    /// <summary>
    /// The endpoint's inbox mode: CommitOnly (default: the consumer only records, as analytics does)
    /// or ClaimFirst (as a consumer that publishes); <c>Messaging:Inbox:Enabled=false</c> turns the inbox off.
    /// </summary>
    public const string InboxModeSetting = "Benchmark:InboxMode";

    /// <summary>Off: the endpoint gets OklaMq's queue and bindings but none of its recoverability filters, to measure what they cost.</summary>
    public const string EndpointPoliciesSetting = "Benchmark:EndpointPolicies";

    /// <summary>
    /// On: the consumer also counts the vehicle for its dealer in Redis through <see cref="MessageEffects"/>,
    /// as Analytics' consumers do: with the inbox the count commits with the processed mark, without
    /// it the count is written at once. What the inbox costs a consumer that writes to Redis anyway.
    /// </summary>
    public const string ConsumerEffectSetting = "Benchmark:ConsumerEffect";

    private const string RawPrefetch = "100";

    private static readonly string Model = VehicleEvents.ModelFor(RawClientScenario.BodySize);
    private static readonly MessageRoute Route = MessageRoutes.Of<VehicleCreatedEvent>();
    private static readonly string MessageTypeUrn = MessageUrn.ForTypeString<VehicleCreatedEvent>();

    private readonly string _queueName = sides switch
    {
        PipelineSides.Publisher => $"bench-publisher-{BrokerAdmin.QueueType(queue)}",
        _ => $"bench-pipeline-{BrokerAdmin.QueueType(queue)}",
    };
    private IHost? _host;
    private IDomainEventPublisher? _publisher;
    private IConnection? _rawConnection;
    private IChannel? _rawChannel;

    public string Name => sides switch
    {
        PipelineSides.Publisher => "pipeline-publisher",
        PipelineSides.Consumer => "pipeline-consumer",
        _ => "pipeline",
    };

    public QueueKind Queue => queue;
    public int Window => context.Options.Window;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A service's appsettings.json.
        var builder = ServiceHost.CreateBuilder(context, new Dictionary<string, string>
        {
            ["Default"] = "Information",
            ["Microsoft.AspNetCore"] = "Warning",
            ["MassTransit"] = "Warning",
        });

        if (builder.Configuration.GetValue(TelemetrySetting, defaultValue: true))
        {
            builder.AddServiceDefaults();
        }
        builder.AddCache();
        builder.Services.AddSingleton(context.Recorder);
        builder.Services.AddSingleton(new PipelineEndpoint(
            _queueName,
            queue,
            builder.Configuration.GetValue(InboxModeSetting, defaultValue: InboxMode.CommitOnly),
            builder.Configuration.GetValue(EndpointPoliciesSetting, defaultValue: true),
            builder.Configuration.GetValue(ConsumerEffectSetting, defaultValue: false)));
        if (sides == PipelineSides.Publisher)
        {
            builder.AddBrokerConnection();
        }
        else
        {
            builder.AddMessaging(bus => bus.AddConsumer<PipelineConsumer, PipelineConsumerDefinition>());
        }

        _host = builder.Build();
        await _host.StartAsync(cancellationToken);
        _publisher = _host.Services.GetRequiredService<IDomainEventPublisher>();

        if (sides != PipelineSides.Both)
        {
            _rawConnection = await BrokerAdmin.Factory(context.Broker, $"benchmark raw {(sides == PipelineSides.Publisher ? "consumer" : "publisher")}").CreateConnectionAsync(cancellationToken);
            _rawChannel = await _rawConnection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        }
        if (sides == PipelineSides.Publisher)
        {
            await StartRawConsumerAsync(_rawChannel!, cancellationToken);
        }
    }

    public Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken) =>
        sides == PipelineSides.Consumer
            ? PublishRawAsync(NewEvent(index, stampTicks), cancellationToken)
            : _publisher!.PublishAsync(NewEvent(index, stampTicks), cancellationToken);

    public Task PublishBatchAsync(int firstIndex, int count, long stampTicks, CancellationToken cancellationToken) =>
        _publisher!.PublishBatchAsync(Enumerable.Range(firstIndex, count).Select(i => NewEvent(i, stampTicks)).ToList(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_rawChannel is not null)
        {
            await _rawChannel.DisposeAsync();
        }
        if (_rawConnection is not null)
        {
            await _rawConnection.DisposeAsync();
        }
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        // The queue, its dead-letter queue, and the fanout exchange MassTransit names after the queue.
        await BrokerAdmin.DeleteAsync(context.Broker, [_queueName, DeadLetterQueues.For(_queueName)], [_queueName], CancellationToken.None);
    }

    /// <summary>The raw client publishing what OklaMq's publisher writes: the JSON, its type header, persistent, mandatory.</summary>
    private Task PublishRawAsync(VehicleCreatedEvent message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, WireJson.Options);
        var properties = new BasicProperties
        {
            ContentType = RoutedJsonDeserializer.JsonContentType.MediaType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = message.VehicleId.ToString(),
            Type = Route.RoutingKey,
            Headers = new Dictionary<string, object?> { [RoutedJsonDeserializer.MessageTypeHeader] = MessageTypeUrn },
        };
        return _rawChannel!.BasicPublishAsync(Route.Exchange, Route.RoutingKey, mandatory: true, properties, body, cancellationToken).AsTask();
    }

    /// <summary>A raw consumer (prefetch 100, manual acks) on a queue bound as an OklaMq endpoint's is.</summary>
    private async Task StartRawConsumerAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.QueueDeclareAsync(_queueName, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = BrokerAdmin.QueueType(queue) }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(_queueName, Route.Exchange, Route.RoutingKey, cancellationToken: cancellationToken);
        await channel.BasicQosAsync(0, ushort.Parse(RawPrefetch), global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        var recorder = context.Recorder;
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            recorder.Record(BenchClock.FromDateTime(ReadCreatedAt(delivery.Body.Span)), delivery.Body.Length);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await channel.BasicConsumeAsync(_queueName, autoAck: false, consumer, cancellationToken);
    }

    private static DateTime ReadCreatedAt(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("createdAt"u8) && reader.Read())
            {
                return reader.GetDateTime();
            }
        }
        throw new InvalidOperationException($"No createdAt in {Encoding.UTF8.GetString(json)}");
    }

    private static VehicleCreatedEvent NewEvent(int index, long stampTicks) => VehicleEvents.New(index, stampTicks, Model);
}

/// <summary>The queue of the pipeline scenario's endpoint, its inbox mode, whether it has OklaMq's policies, and whether its consumer writes to Redis.</summary>
public sealed record PipelineEndpoint(string QueueName, QueueKind Queue, InboxMode Inbox, bool Policies, bool ConsumerEffect);

/// <summary>
/// The pipeline's endpoint, an OklaMq event endpoint. Services only have quorum queues; for the
/// classic variant the quorum-only arguments are taken off again after the definition applied them.
/// </summary>
public sealed class PipelineConsumerDefinition(PipelineEndpoint endpoint) : EventConsumerDefinition<PipelineConsumer>(endpoint.QueueName)
{
    protected override InboxMode Inbox => endpoint.Inbox;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<PipelineConsumer> consumerConfigurator, IRegistrationContext context)
    {
        if (endpoint.Policies)
        {
            base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        }
        else if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator bare)
        {
            EndpointTopology.Apply(bare, new EndpointIdentity(endpoint.QueueName, endpoint.QueueName), Bindings, context.GetRequiredService<IOptions<RabbitMqSettings>>().Value);
        }
        if (endpoint.Queue == QueueKind.Classic && endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            foreach (var (key, value) in ClassicArguments)
            {
                rabbit.SetQueueArgument(key, value);
            }
            // With the policies, the service declares the queue before its bus starts (EndpointQueues):
            // as the bus will, or the broker refuses the bus's declaration.
            var queues = context.GetRequiredService<EndpointQueues>();
            if (queues.Queues.TryGetValue(endpoint.QueueName, out var arguments))
            {
                queues.Add(endpoint.QueueName, Classic(arguments));
            }
        }
    }

    /// <summary>The classic variant's changes to the endpoint's arguments: null takes an argument off.</summary>
    private static readonly IReadOnlyDictionary<string, object?> ClassicArguments = new Dictionary<string, object?>
    {
        ["x-queue-type"] = "classic",
        ["x-delivery-limit"] = null,
        ["x-dead-letter-strategy"] = null,
    };

    private static Dictionary<string, object> Classic(IReadOnlyDictionary<string, object> arguments) =>
        arguments.Where(a => !ClassicArguments.ContainsKey(a.Key))
            .Concat(ClassicArguments.Where(a => a.Value is not null).Select(a => KeyValuePair.Create(a.Key, a.Value!)))
            .ToDictionary();
}

/// <summary>
/// Minimal work: note the message's latency; with <see cref="PipelineEndpoint.ConsumerEffect"/> also
/// count the vehicle for its dealer in Redis. Otherwise its inbox mark is its only Redis write.
/// </summary>
public sealed class PipelineConsumer(ConsumeRecorder recorder, PipelineEndpoint endpoint, MessageEffects effects) : IConsumer<VehicleCreatedEvent>
{
    private static readonly RedisKey VehiclesPerDealer = "okla:benchmark:vehicles-per-dealer";

    public Task Consume(ConsumeContext<VehicleCreatedEvent> context)
    {
        recorder.Record(BenchClock.FromDateTime(context.Message.CreatedAt), context.ReceiveContext.Body.Length is long n ? (int)n : 0);
        return endpoint.ConsumerEffect
            ? effects.WriteAsync(redis => redis.HashIncrement(VehiclesPerDealer, context.Message.DealerId.ToString()))
            : Task.CompletedTask;
    }
}
