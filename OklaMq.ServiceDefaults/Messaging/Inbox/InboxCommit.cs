using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// One message's commit: its recorded <paramref name="Effects"/> and its processed mark under
/// <paramref name="Key"/>. <paramref name="Claimant"/> decides when they apply: a claimant id
/// (<see cref="InboxMode.ClaimFirst"/>) while the key still holds it; <see cref="UnlessDone"/>
/// (<see cref="InboxMode.CommitOnly"/>) unless the key is marked done; <see cref="NoInbox"/> always,
/// with no key and no mark.
/// </summary>
public sealed record InboxCommit(RedisKey Key, string Claimant, RedisEffects Effects)
{
    public const string UnlessDone = "*";
    public const string NoInbox = "";
}
