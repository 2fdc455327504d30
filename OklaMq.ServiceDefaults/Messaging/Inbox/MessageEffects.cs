using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// The Redis writes a consumer makes because of one message. Inside the inbox they are queued in
/// the transaction that also marks the message processed, so the effect and the mark commit
/// together or not at all: a redelivery after a crash finds either both or neither. Without an
/// inbox (the in-memory test harness) they commit at once. One per message (scoped).
/// </summary>
public sealed class MessageEffects(IConnectionMultiplexer redis)
{
    private ITransaction? _inboxTransaction;

    internal void JoinInbox(ITransaction transaction) => _inboxTransaction = transaction;

    /// <summary>
    /// Queues <paramref name="write"/>'s commands. Do not await the tasks the commands return
    /// inside <paramref name="write"/>: they complete when the transaction commits.
    /// </summary>
    public async Task WriteAsync(Action<IDatabaseAsync> write)
    {
        if (_inboxTransaction is { } transaction)
        {
            write(transaction);
            return;
        }
        var immediate = redis.GetDatabase().CreateTransaction();
        write(immediate);
        await immediate.ExecuteAsync();
    }
}
