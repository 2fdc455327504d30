using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.Metrics;
using OklaMq.ServiceDefaults.Messaging.Serialization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OklaMq.ServiceDefaults.Messaging.Publishing;

/// <summary>
/// <see cref="IDomainEventPublisher"/> on RabbitMQ.Client with tracked publisher confirms. Each
/// message goes to its exchange with its routing key, mandatory, persistent, as plain JSON with
/// the headers MassTransit consumers read (message type, ids, trace parent).
/// </summary>
public sealed partial class RabbitMqDomainEventPublisher(PublisherChannelPool channels, PublishedExchanges exchanges, IOptions<RabbitMqSettings> settings, ILogger<RabbitMqDomainEventPublisher> logger) : IDomainEventPublisher
{
    private readonly OrderingKeyTurns _turns = new();

    public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken = default) where TEvent : class =>
        PublishAsync(OutgoingMessage.Create(@event), cancellationToken);

    public Task PublishBatchAsync<TEvent>(IEnumerable<TEvent> events, CancellationToken cancellationToken = default) where TEvent : class =>
        PublishBatchAsync(events.Select(e => OutgoingMessage.Create(e)).ToList(), cancellationToken);

    public async Task PublishBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default)
    {
        // Started in order, so one ordering key's messages are written to its channel in order;
        // their confirms then arrive together instead of one round trip each.
        var publishes = messages.Select(m => PublishAsync(m, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(publishes);
        }
        catch
        {
            var failures = publishes.Where(p => p.IsFaulted).SelectMany(p => p.Exception!.InnerExceptions).ToList();
            throw new AggregateException($"{failures.Count} of {messages.Count} messages were not confirmed by the broker.", failures);
        }
    }

    public async Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        // The broker would close the channel on an oversized message; refuse it here with the reason.
        if (message.Body.Length > settings.Value.MaxMessageSizeBytes)
        {
            throw new PublishFailedException(message, $"its body of {message.Body.Length} bytes exceeds the {settings.Value.MaxMessageSizeBytes}-byte limit (RabbitMQ:MaxMessageSizeBytes)");
        }

        using var activity = StartActivity(message);
        var properties = new BasicProperties
        {
            ContentType = RoutedJsonDeserializer.JsonContentType.MediaType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = message.MessageId.ToString(),
            CorrelationId = message.CorrelationId.ToString(),
            Type = message.RoutingKey,
            Timestamp = new AmqpTimestamp(new DateTimeOffset(message.CreatedAt).ToUnixTimeSeconds()),
            Headers = new Dictionary<string, object?>
            {
                [RoutedJsonDeserializer.MessageTypeHeader] = message.MessageType,
                [TraceHeaders.ActivityId] = activity?.Id ?? message.TraceParent,
            },
        };
        if (message.OrderingKey is not null)
        {
            properties.Headers[MessageHeaders.OrderingKey] = message.OrderingKey;
        }

        // Taken before the first await: the order publishes are started in is the key's order.
        using var turn = message.OrderingKey is null ? null : _turns.Take(message.OrderingKey);
        try
        {
            await exchanges.EnsureDeclaredAsync(message.Exchange, cancellationToken);
            var channel = await channels.ForKeyAsync(message.OrderingKey, cancellationToken);
            if (turn is not null && !await turn.PreviousWentOutAsync(cancellationToken))
            {
                activity?.SetStatus(ActivityStatusCode.Error);
                throw new PublishFailedException(message, $"an earlier message with its ordering key '{message.OrderingKey}' was not published, and this one must not overtake it");
            }
            var confirm = channel.BasicPublishAsync(message.Exchange, message.RoutingKey, mandatory: true, properties, message.Body, cancellationToken).AsTask();
            turn?.Written(confirm);
            await confirm;
        }
        catch (RabbitMQ.Client.Exceptions.PublishException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            throw new PublishFailedException(message, ex.IsReturn ? "no queue is bound for its routing key (returned)" : "the broker refused it (nack)", ex);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.AccessRefused)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            throw new PublishFailedException(message, $"the broker refused this service's user: {ex.ShutdownReason.ReplyText}", ex);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or BrokerUnreachableException)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            throw new PublishFailedException(message, "the connection to the broker failed", ex);
        }

        BrokerTrafficMetrics.RecordPublished(message.Exchange, message.RoutingKey);
        LogPublished(message.RoutingKey, message.MessageId, message.CorrelationId);
    }

    private static Activity? StartActivity(OutgoingMessage message)
    {
        var parent = Activity.Current is null && message.TraceParent is not null && ActivityContext.TryParse(message.TraceParent, null, out var stored)
            ? stored
            : default;
        var activity = MessagingTelemetry.ActivitySource.StartActivity($"{message.Exchange} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation", "publish");
        activity?.SetTag("messaging.destination.name", message.Exchange);
        activity?.SetTag("messaging.rabbitmq.destination.routing_key", message.RoutingKey);
        activity?.SetTag("messaging.message.id", message.MessageId.ToString());
        activity?.SetTag("messaging.message.conversation_id", message.CorrelationId.ToString());
        return activity;
    }

    // Debug: with an OTLP exporter every record is exported, one per published message, and the publish
    // span already carries the type and ids; services log it in Development (docs/benchmarks.md).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Published event {EventType} {MessageId} with CorrelationId {CorrelationId}")]
    private partial void LogPublished(string eventType, Guid messageId, Guid correlationId);
}
