namespace OklaMq.ServiceDefaults.Messaging.Publishing;

/// <summary>The broker did not take responsibility for a message: nacked, unroutable, or the connection failed.</summary>
public sealed class PublishFailedException(OutgoingMessage message, string reason, Exception? inner = null)
    : Exception($"{message.RoutingKey} {message.MessageId} was not published to '{message.Exchange}': {reason}", inner)
{
    public OutgoingMessage OutgoingMessage { get; } = message;
}
