namespace OklaMq.ServiceDefaults.Messaging.DeadLetters;

/// <summary>Names of the dead-letter topology (design document section 6).</summary>
public static class DeadLetterQueues
{
    /// <summary>Every dead letter is also copied here, for the fault store; it is not a dead-letter queue.</summary>
    public const string FaultStoreQueue = "fault-store";

    public static string For(string queue) => $"{queue}-dlq";

    public static bool IsDeadLetterQueue(string queue) => queue.EndsWith("-dlq", StringComparison.Ordinal);

    public static string SourceOf(string deadLetterQueue) =>
        IsDeadLetterQueue(deadLetterQueue) ? deadLetterQueue[..^4] : throw new ArgumentException($"'{deadLetterQueue}' is not a dead-letter queue.", nameof(deadLetterQueue));
}
