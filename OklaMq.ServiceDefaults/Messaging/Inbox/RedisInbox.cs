using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// The processed-message marks of design document 10.1, race-free. The document checks, runs,
/// then marks: two concurrent deliveries both run, and a crash between the effect and the mark
/// repeats the effect. Here a delivery first claims the message atomically (one Lua script: free →
/// claimed by this delivery, with a timeout); a duplicate that finds it done is skipped, one that
/// finds it claimed waits and retries; the claimant commits its Redis effects and the done mark
/// in one transaction that only executes while it still holds the claim.
/// </summary>
public sealed class RedisInbox(IConnectionMultiplexer redis, IOptions<InboxOptions> options)
{
    private const string Done = "done";

    private const string ClaimScript = """
        local value = redis.call('GET', KEYS[1])
        if not value then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        if value == 'done' then
          return 0
        end
        return -1
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private IDatabase Database => redis.GetDatabase();

    public async Task<InboxClaim> ClaimAsync(RedisKey key, string claimant)
    {
        var result = (int)await Database.ScriptEvaluateAsync(ClaimScript, [key], [claimant, (long)options.Value.ClaimTimeout.TotalMilliseconds]);
        return result switch
        {
            1 => InboxClaim.Claimed,
            0 => InboxClaim.AlreadyProcessed,
            _ => InboxClaim.Busy,
        };
    }

    /// <summary>
    /// Claims the message, waiting up to <see cref="InboxOptions.BusyWait"/> while a concurrent
    /// delivery holds it: usually it finishes within milliseconds and this one finds it done.
    /// </summary>
    public async Task<InboxClaim> ClaimOrWaitAsync(RedisKey key, string claimant, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTime.UtcNow + options.Value.BusyWait;
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var claim = await ClaimAsync(key, claimant);
            if (claim != InboxClaim.Busy || DateTime.UtcNow >= giveUpAt)
            {
                return claim;
            }
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }

    /// <summary>A transaction that commits only while <paramref name="claimant"/> holds the claim; effects are queued into it before <see cref="CommitAsync"/>.</summary>
    public ITransaction BeginCommit(RedisKey key, string claimant)
    {
        var transaction = Database.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(key, claimant));
        return transaction;
    }

    /// <summary>Marks the message processed with its queued effects; false if the claim was lost (nothing applied).</summary>
    public Task<bool> CommitAsync(ITransaction transaction, RedisKey key)
    {
        _ = transaction.StringSetAsync(key, Done, options.Value.Retention);
        return transaction.ExecuteAsync();
    }

    /// <summary>Gives the message back after a failed attempt, so its retry can claim it at once.</summary>
    public Task ReleaseAsync(RedisKey key, string claimant) =>
        Database.ScriptEvaluateAsync(ReleaseScript, [key], [claimant]);
}

public enum InboxClaim
{
    Claimed,
    AlreadyProcessed,
    Busy,
}
