using Microsoft.Extensions.Options;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// Writes events in the same Redis transaction as the state change that caused them (design
/// document 4.2 saves, then publishes: if the process died in between, the event was lost). The
/// <see cref="OutboxRelay"/> publishes them afterwards, at least once and in order.
/// </summary>
public sealed class RedisOutbox(IOptions<OutboxOptions> options)
{
    private readonly SemaphoreSlim _written = new(0, 1);

    public RedisKey StreamKey { get; } = options.Value.StreamKey;

    /// <summary>Queues the event in <paramref name="transaction"/>; it is stored only if the transaction commits.</summary>
    public void Enqueue(ITransaction transaction, OutgoingMessage message) =>
        _ = transaction.StreamAddAsync(StreamKey, OutboxEntry.ToFields(message));

    /// <summary>Queues the event in <paramref name="transaction"/>, as <see cref="Enqueue(ITransaction, OutgoingMessage)"/>.</summary>
    public OutgoingMessage Enqueue<T>(ITransaction transaction, T @event, Guid? correlationId = null) where T : class
    {
        var message = OutgoingMessage.Create(@event, correlationId);
        Enqueue(transaction, message);
        return message;
    }

    /// <summary>Wakes the relay after a commit, so events leave without waiting for its next poll.</summary>
    public void Committed()
    {
        if (_written.CurrentCount == 0)
        {
            try
            {
                _written.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    internal Task<bool> WaitForWriteAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _written.WaitAsync(timeout, cancellationToken);
}
