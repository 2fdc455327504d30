namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>How an endpoint's inbox keeps its consumer's effects to once per message.</summary>
public enum InboxMode
{
    /// <summary>
    /// Claim the message, run the consumer, commit its Redis effects with the mark (two round trips).
    /// The consumer never runs twice at the same time for one message: for consumers that publish
    /// or call out as well as (or instead of) writing to Redis.
    /// </summary>
    ClaimFirst,

    /// <summary>
    /// Run the consumer, then apply its Redis effects and the mark in one script, unless the message
    /// is already marked (one round trip). Concurrent duplicates may both run, but only one commits:
    /// for consumers whose only effects are the Redis writes they record (analytics).
    /// </summary>
    CommitOnly,
}
