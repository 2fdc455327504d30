namespace OklaMq.ServiceDefaults.Messaging.DeadLetters;

/// <summary>
/// Headers a dead letter carries besides the message's own and MassTransit's MT-Fault-* ones.
/// The broker adds x-death (with its reason: delivery_limit, expired, rejected) to the dead
/// letters it makes itself.
/// </summary>
public static class DeadLetterHeaders
{
    /// <summary>Why the message is here, for a person: "InvalidOperationException: Dealer unknown".</summary>
    public const string Reason = "okla-dead-letter-reason";
    /// <summary>exception, invalid, unreadable or no-consumer.</summary>
    public const string Kind = "okla-dead-letter-kind";
    public const string FaultId = "okla-fault-id";
    public const string SourceQueue = "okla-source-queue";
    public const string OriginalExchange = "okla-original-exchange";
    public const string OriginalRoutingKey = "okla-original-routing-key";
    public const string DeadLetteredAt = "okla-dead-lettered-at";
    public const string TraceId = "okla-trace-id";
    public const string Host = "okla-host";

    /// <summary>Set on a message moved back from its dead-letter queue: how often, and when last.</summary>
    public const string ReplayCount = "okla-replay-count";
    public const string ReplayedAt = "okla-replayed-at";

    public static class Kinds
    {
        public const string Exception = "exception";
        public const string Invalid = "invalid";
        public const string Unreadable = "unreadable";
        public const string NoConsumer = "no-consumer";
    }
}
