namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// The Redis writes a consumer makes because of one message. Inside the inbox they commit in the
/// same atomic script that marks the message processed, so the effect and the mark happen together
/// or not at all: a redelivery after a crash finds either both or neither. Without an inbox (it is
/// disabled) they commit at once. One per message (scoped).
/// </summary>
public sealed class MessageEffects(RedisInboxScripts scripts)
{
    private RedisEffects? _inbox;

    internal RedisEffects JoinInbox() => _inbox = new RedisEffects();

    /// <summary>Records <paramref name="write"/>'s commands, to commit with the message's processed mark.</summary>
    public async Task WriteAsync(Action<RedisEffects> write)
    {
        if (_inbox is { } recorded)
        {
            write(recorded);
            return;
        }
        var immediate = new RedisEffects();
        write(immediate);
        await scripts.ApplyAsync(immediate);
    }
}
