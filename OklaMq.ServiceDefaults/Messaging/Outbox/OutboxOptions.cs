using System.ComponentModel.DataAnnotations;

namespace OklaMq.ServiceDefaults.Messaging.Outbox;

/// <summary>The <c>Outbox</c> configuration section.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>
    /// Off only to measure what the outbox costs (the benchmark's <c>http-direct</c>): the state is
    /// saved, then its events are published at once, as design document 4.2 does; an event is lost
    /// if the process dies or the broker fails in between.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Redis stream of this service's pending events; instances of one service share it.</summary>
    [Required]
    public string StreamKey { get; set; } = "okla:outbox";

    /// <summary>How often the relay looks for events written by other instances (its own writes wake it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Wait after a failed publish before the relay tries the same events again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one instance owns the relay without renewing; another takes over after it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 10000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// How long the relay waits for the broker to confirm a batch before it tries again. At most half
    /// of <see cref="LeaseDuration"/>: the lease is renewed between batches, so a batch that outlived
    /// it would let another instance publish the same events beside this one, out of order.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
