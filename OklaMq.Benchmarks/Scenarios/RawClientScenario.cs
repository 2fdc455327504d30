using System.Buffers.Binary;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OklaMq.Benchmarks.Scenarios;

/// <summary>
/// The ceiling: RabbitMQ.Client 7 alone. One publishing channel with publisher confirms tracked
/// (a publish completes when the broker confirmed it), a window of concurrent publishes, and a
/// consumer on its own connection with prefetch 100 and a manual ack per message.
/// </summary>
public sealed class RawClientScenario(ScenarioContext context, QueueKind queue) : IScenario
{
    public const int BodySize = 1024;
    private const string Exchange = "bench.raw";
    private const string RoutingKey = "bench";
    private const ushort Prefetch = 100;

    private readonly string _queueName = $"bench-raw-{BrokerAdmin.QueueType(queue)}";
    private IConnection? _publisherConnection;
    private IConnection? _consumerConnection;
    private IChannel? _publisher;
    private IChannel? _consumer;

    public string Name => "raw";
    public QueueKind Queue => queue;
    public int Window => context.Options.Window;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _publisherConnection = await BrokerAdmin.Factory(context.Broker, "benchmark raw publisher").CreateConnectionAsync(cancellationToken);
        _consumerConnection = await BrokerAdmin.Factory(context.Broker, "benchmark raw consumer").CreateConnectionAsync(cancellationToken);

        _publisher = await _publisherConnection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        await _publisher.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await _publisher.QueueDeclareAsync(_queueName, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = BrokerAdmin.QueueType(queue) }, cancellationToken: cancellationToken);
        await _publisher.QueueBindAsync(_queueName, Exchange, RoutingKey, cancellationToken: cancellationToken);

        _consumer = await _consumerConnection.CreateChannelAsync(cancellationToken: cancellationToken);
        await _consumer.BasicQosAsync(0, Prefetch, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(_consumer);
        var recorder = context.Recorder;
        var channel = _consumer;
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            recorder.Record(BinaryPrimitives.ReadInt64LittleEndian(delivery.Body.Span), delivery.Body.Length);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await _consumer.BasicConsumeAsync(_queueName, autoAck: false, consumer, cancellationToken);
    }

    public Task PublishAsync(int index, long stampTicks, CancellationToken cancellationToken)
    {
        // A new body each time, as an application that serializes each message has.
        var body = new byte[BodySize];
        BinaryPrimitives.WriteInt64LittleEndian(body, stampTicks);
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent };
        return _publisher!.BasicPublishAsync(Exchange, RoutingKey, mandatory: true, properties, body, cancellationToken).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _consumer, _publisher, _consumerConnection, _publisherConnection })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
        await BrokerAdmin.DeleteAsync(context.Broker, [_queueName], [], CancellationToken.None);
    }
}
