using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// The processed-message marks of design document 10.1, race-free. The document checks, runs,
/// then marks: two concurrent deliveries both run, and a crash between the effect and the mark
/// repeats the effect. Here a delivery first claims the message atomically (free → claimed by this
/// delivery, with a timeout); a duplicate that finds it done is skipped, one that finds it claimed
/// waits and retries; the claimant commits its Redis effects and the done mark in one script that
/// only runs while it still holds the claim. Two round trips per message, one for endpoints whose
/// consumers only write to Redis (<see cref="InboxMode.CommitOnly"/>), and the commits of messages
/// in flight share theirs (<see cref="InboxCommitBatcher"/>).
/// </summary>
public sealed class RedisInbox(RedisInboxScripts scripts, InboxCommitBatcher commits, IOptions<InboxOptions> options)
{
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
            var claim = await scripts.ClaimAsync(key, claimant, options.Value.ClaimTimeout);
            if (claim != InboxClaim.Busy || DateTime.UtcNow >= giveUpAt)
            {
                return claim;
            }
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }

    /// <summary>Marks the message processed with its recorded effects; false if the claim was lost (nothing applied).</summary>
    public Task<bool> CommitAsync(RedisKey key, string claimant, RedisEffects effects) =>
        commits.CommitAsync(new InboxCommit(key, claimant, effects));

    /// <summary>Applies the recorded effects and the mark unless the message is done already; false for a duplicate.</summary>
    public Task<bool> CommitUnlessDoneAsync(RedisKey key, RedisEffects effects) =>
        commits.CommitAsync(new InboxCommit(key, InboxCommit.UnlessDone, effects));

    /// <summary>Gives the message back after a failed attempt, so its retry can claim it at once.</summary>
    public Task ReleaseAsync(RedisKey key, string claimant) => scripts.ReleaseAsync(key, claimant);
}

public enum InboxClaim
{
    Claimed,
    AlreadyProcessed,
    Busy,
}
