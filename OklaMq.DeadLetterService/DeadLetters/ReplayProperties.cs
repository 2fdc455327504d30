using OklaMq.DeadLetterService.Faults;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using RabbitMQ.Client;

namespace OklaMq.DeadLetterService.DeadLetters;

/// <summary>
/// The properties a replayed message goes back with: its own (message id and correlation id for
/// the inbox, type, trace parent) without the marks of its failure, so it starts over with fresh
/// retries and redeliveries, plus how often it has been replayed.
/// </summary>
public static class ReplayProperties
{
    private static readonly string[] FailurePrefixes = ["MT-Fault-", "x-death", "x-first-death-", "x-last-death-", "okla-dead-letter-"];

    private static readonly HashSet<string> FailureHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "MT-Redelivery-Count", "MT-Reason", "x-delivery-count", "okla-delayed-until", "MT-Scheduling-TokenId",
        DeadLetterHeaders.FaultId, DeadLetterHeaders.SourceQueue, DeadLetterHeaders.DeadLetteredAt,
        DeadLetterHeaders.OriginalExchange, DeadLetterHeaders.OriginalRoutingKey, DeadLetterHeaders.Host, DeadLetterHeaders.TraceId,
    };

    public static BasicProperties For(IReadOnlyBasicProperties original, DateTime now)
    {
        var properties = new BasicProperties(original);
        var headers = (original.Headers ?? new Dictionary<string, object?>())
            .Where(h => !FailureHeaders.Contains(h.Key) && !FailurePrefixes.Any(p => h.Key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(h => h.Key, h => h.Value);
        headers[DeadLetterHeaders.ReplayCount] = (AmqpHeaders.Int(original.Headers, DeadLetterHeaders.ReplayCount) ?? 0) + 1;
        headers[DeadLetterHeaders.ReplayedAt] = now.ToString("O");
        properties.Headers = headers;
        properties.Expiration = null;
        properties.DeliveryMode = DeliveryModes.Persistent;
        return properties;
    }
}
