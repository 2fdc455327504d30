using OklaMq.ServiceDefaults.Messaging.Publishing;

namespace OklaMq.Tests.Infrastructure;

/// <summary>Stands in for the broker's publisher, which only an outbox switched off would call.</summary>
internal sealed class NoDirectPublishing : IDomainEventPublisher
{
    private static Task Refuse() => throw new InvalidOperationException("Specs keep the outbox on: events are written to its stream, never published directly.");

    public Task PublishAsync<TEvent>(TEvent @event, CancellationToken cancellationToken = default) where TEvent : class => Refuse();

    public Task PublishBatchAsync<TEvent>(IEnumerable<TEvent> events, CancellationToken cancellationToken = default) where TEvent : class => Refuse();

    public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken = default) => Refuse();

    public Task PublishBatchAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken = default) => Refuse();
}
