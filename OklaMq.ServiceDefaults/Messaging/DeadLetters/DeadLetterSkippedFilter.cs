using MassTransit;
using Microsoft.Extensions.Logging;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Serialization;

namespace OklaMq.ServiceDefaults.Messaging.DeadLetters;

/// <summary>
/// Replaces MassTransit's move to <c>&lt;queue&gt;_skipped</c>: a message no consumer of the
/// endpoint takes (an unknown type, or a type bound by mistake) goes to the dead-letter queue
/// with the type it claimed, instead of disappearing into a queue nobody watches.
/// </summary>
public sealed partial class DeadLetterSkippedFilter(EndpointIdentity identity, ILogger logger) : IFilter<ReceiveContext>
{
    public async Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        var amqpType = context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.Properties.Type : null;
        var claimed = string.Join(", ", RoutedJsonDeserializer.MessageTypesOf(context.TransportHeaders, amqpType));
        var reason = $"No consumer on {identity.Queue} for message type {claimed}.";

        await DeadLetterPublisher.PublishAsync(context, identity, DeadLetterHeaders.Kinds.NoConsumer, reason, []);
        LogSkipped(identity.Queue, context.TransportHeaders.Get<string>("MessageId"), claimed);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("deadLetterSkipped");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} has no consumer for {MessageType}; dead-lettered")]
    private partial void LogSkipped(string queue, string? messageId, string messageType);
}
