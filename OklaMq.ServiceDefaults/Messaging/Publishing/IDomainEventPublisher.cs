namespace OklaMq.ServiceDefaults.Messaging.Publishing;

/// <summary>
/// Publishes events and commands to their exchange of the routing table (design document section
/// 4.1). A publish completes only once the broker has confirmed it; a message the broker refuses,
/// or cannot route to any queue, fails with <see cref="PublishFailedException"/>.
/// </summary>
public interface IDomainEventPublisher
{
    Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken = default) where TEvent : class;

    /// <summary>
    /// Publishes concurrently, in order per ordering key, and completes when every message is
    /// confirmed; if any is not, fails with an <see cref="AggregateException"/> of the failures
    /// after the others have completed (those were published).
    /// </summary>
    Task PublishBatchAsync<TEvent>(IEnumerable<TEvent> events, CancellationToken cancellationToken = default) where TEvent : class;

    /// <summary>Publishes a message prepared earlier, for example by the outbox.</summary>
    Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default);

    /// <summary>Publishes prepared messages as <see cref="PublishBatchAsync{TEvent}"/> does.</summary>
    Task PublishBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default);
}
