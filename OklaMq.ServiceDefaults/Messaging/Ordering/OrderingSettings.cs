using System.ComponentModel.DataAnnotations;

namespace OklaMq.ServiceDefaults.Messaging.Ordering;

/// <summary><c>RabbitMQ:Ordering</c>: how events of one ordering key (a dealer) keep their order.</summary>
public sealed class OrderingSettings
{
    /// <summary>
    /// In one instance: messages of one key are processed one at a time, in arrival order, in
    /// one of this many partitions. The document's 10.2 has 8; as many as the endpoint's concurrent
    /// messages (64) lets that concurrency serve different dealers (docs/benchmarks.md).
    /// </summary>
    [Range(1, 256)]
    public int Partitions { get; set; } = 64;

    /// <summary>
    /// Across instances, for endpoints ordered across instances: the consistent-hash exchange
    /// spreads keys over this many single-active-consumer queues.
    /// </summary>
    [Range(1, 64)]
    public int Queues { get; set; } = 4;

    /// <summary>
    /// How long a delivery waits for an earlier one of its channel that does not come to take its
    /// place in order (<see cref="DeliverySequencer"/>); normally they come within milliseconds.
    /// </summary>
    public TimeSpan DeliveryGapTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
