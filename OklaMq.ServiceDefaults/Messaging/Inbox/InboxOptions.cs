using System.ComponentModel.DataAnnotations;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>The <c>Messaging:Inbox</c> configuration section.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Messaging:Inbox";

    /// <summary>Off only to measure what the inbox costs; a duplicate is then processed again.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a processed message is remembered (design document 10.1: 24 hours).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a delivery may hold a message it is processing; another delivery of the same
    /// message waits. If the holder crashed, the claim expires and the next delivery processes it.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a delivery waits in place for a concurrent delivery of the same message to finish
    /// before it gives up the attempt (and is retried later).
    /// </summary>
    public TimeSpan BusyWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Most messages whose commits go to Redis in one script call (<see cref="InboxCommitBatcher"/>);
    /// 1 sends each commit on its own, as soon as it is made.
    /// </summary>
    [Range(1, 1000)]
    public int CommitBatchSize { get; set; } = 64;
}
