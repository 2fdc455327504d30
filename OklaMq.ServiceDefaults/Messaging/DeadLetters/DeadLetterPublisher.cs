using System.Diagnostics;
using MassTransit;
using MassTransit.RabbitMqTransport;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Metrics;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Serialization;
using RabbitMQ.Client;

namespace OklaMq.ServiceDefaults.Messaging.DeadLetters;

/// <summary>
/// Moves a received message to its endpoint's dead-letter queue through <c>dlx</c>, with the
/// endpoint's name as routing key so it reaches that queue (and the fault store) only. The original body and properties
/// (message id, correlation id) are kept; the reason and origin are added as headers, and the
/// trace header names this move's span, in the message's trace.
/// Published on the receiving channel with a confirm before the delivery is acknowledged, so a
/// failure here leaves the message in its queue instead of losing it.
/// </summary>
public static class DeadLetterPublisher
{
    public static async Task PublishAsync(ReceiveContext context, EndpointIdentity identity, string kind, string reason, IEnumerable<KeyValuePair<string, object>> extraHeaders)
    {
        var channel = context.GetPayload<ChannelContext>();
        var delivery = context.GetPayload<RabbitMqBasicConsumeContext>();

        var properties = new BasicProperties(delivery.Properties);
        var headers = properties.Headers is null
            ? new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, object?>(properties.Headers, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in extraHeaders)
        {
            headers[key] = value is string or null ? value : value.ToString();
        }

        headers[DeadLetterHeaders.Kind] = kind;
        headers[DeadLetterHeaders.Reason] = reason;
        headers[DeadLetterHeaders.FaultId] = NewId.NextGuid().ToString();
        // The queue it came from, where a replay returns it (a partition queue of an ordered endpoint).
        headers[DeadLetterHeaders.SourceQueue] = identity.Queue;
        headers[DeadLetterHeaders.OriginalExchange] = delivery.Exchange;
        headers[DeadLetterHeaders.OriginalRoutingKey] = delivery.RoutingKey;
        headers[DeadLetterHeaders.DeadLetteredAt] = DateTime.UtcNow.ToString("O");
        headers[DeadLetterHeaders.Host] = Environment.MachineName;

        // A message from another language was typed by its routing key, which the move loses: keep the type.
        if (!headers.ContainsKey(RoutedJsonDeserializer.MessageTypeHeader)
            && RoutedJsonDeserializer.MessageTypesOf(context.TransportHeaders, delivery.Properties.Type) is [var type]
            && !type.StartsWith(RoutedJsonDeserializer.UnknownTypePrefix, StringComparison.Ordinal))
        {
            headers[RoutedJsonDeserializer.MessageTypeHeader] = type;
        }

        // A span of its own in the message's trace, which the fault store and a replay continue from.
        using var activity = TraceHeaders.StartActivity($"{Exchanges.DeadLetters} publish", ActivityKind.Producer, default);
        activity?.SetTag("messaging.operation", "publish");
        activity?.SetTag("messaging.destination.name", Exchanges.DeadLetters);
        activity?.SetTag("messaging.rabbitmq.destination.routing_key", identity.Endpoint);
        activity?.SetTag("messaging.message.id", delivery.Properties.MessageId);
        activity?.SetTag("okla.dead_letter.kind", kind);
        activity?.SetTag("okla.dead_letter.reason", reason);
        if ((activity ?? Activity.Current) is { } traced)
        {
            headers[DeadLetterHeaders.TraceId] = traced.TraceId.ToString();
        }
        TraceHeaders.Set(headers, activity);

        properties.Headers = headers;
        properties.Expiration = null;
        try
        {
            await channel.BasicPublishAsync(Exchanges.DeadLetters, identity.Endpoint, mandatory: true, properties, context.GetBody(), awaitAck: true, context.CancellationToken);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        BrokerTrafficMetrics.RecordPublished(Exchanges.DeadLetters, identity.Endpoint);
    }
}
