namespace OklaMq.ServiceDefaults.Messaging.DeadLetters;

/// <summary>Names of the dead-letter topology (design document section 6).</summary>
public static class DeadLetterQueues
{
    /// <summary>Every dead letter is also copied here, for the fault store; it is not a dead-letter queue.</summary>
    public const string FaultStoreQueue = "fault-store";

    public static string For(string queue) => $"{queue}-dlq";

    /// <summary>
    /// Arguments of the dead-letter queues and the fault-store queue: quorum, and a delivery limit
    /// so high it never applies. RabbitMQ 4 gives quorum queues a default limit of 20 and these
    /// queues have no dead-letter exchange of their own, so requeues (replay scans, Redis outages)
    /// could otherwise drop a dead letter.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, object> Arguments = new Dictionary<string, object>
    {
        ["x-queue-type"] = "quorum",
        ["x-delivery-limit"] = 1_000_000,
    };

    public static bool IsDeadLetterQueue(string queue) => queue.EndsWith("-dlq", StringComparison.Ordinal);

    public static string SourceOf(string deadLetterQueue) =>
        IsDeadLetterQueue(deadLetterQueue) ? deadLetterQueue[..^4] : throw new ArgumentException($"'{deadLetterQueue}' is not a dead-letter queue.", nameof(deadLetterQueue));
}
