namespace OklaMq.DeadLetterService.Model;

/// <summary>
/// One dead-lettering of one message (design document 6.2's DeadLetterLog): what it was, where
/// it came from, why it failed, and its original body. A message dead-lettered again after a
/// replay gets a second record.
/// </summary>
public sealed record FaultRecord
{
    public required Guid FaultId { get; init; }
    public string? MessageId { get; init; }
    public string? CorrelationId { get; init; }
    public required string MessageType { get; init; }
    /// <summary>The queue it was taken from (a partition queue, "analytics-events-p2", for an endpoint ordered across instances).</summary>
    public required string SourceQueue { get; init; }

    /// <summary>The endpoint it belongs to, whose <c>-dlq</c> holds it ("analytics-events").</summary>
    public required string Endpoint { get; init; }

    /// <summary>exception, invalid, unreadable, no-consumer (set by the consumer's service) or the broker's delivery_limit, expired, rejected.</summary>
    public required string Kind { get; init; }
    public required string Reason { get; init; }
    public string? ExceptionType { get; init; }
    public string? ExceptionMessage { get; init; }
    public string? StackTrace { get; init; }
    public int? RetryCount { get; init; }
    public int? RedeliveryCount { get; init; }
    public int ReplayCount { get; init; }
    public string? Host { get; init; }
    public string? TraceId { get; init; }
    public required DateTime DeadLetteredAt { get; init; }
    public string? OriginalExchange { get; init; }
    public string? OriginalRoutingKey { get; init; }
    public required string Body { get; init; }
    /// <summary>utf8, or base64 for a body that is not text.</summary>
    public required string BodyEncoding { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
