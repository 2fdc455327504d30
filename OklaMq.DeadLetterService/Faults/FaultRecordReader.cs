using System.Security.Cryptography;
using System.Text;
using OklaMq.DeadLetterService.Model;
using OklaMq.ServiceDefaults.Messaging.DeadLetters;
using RabbitMQ.Client;

namespace OklaMq.DeadLetterService.Faults;

/// <summary>
/// Turns a dead letter into a <see cref="FaultRecord"/>, whether a service put it there (okla-* and
/// MT-Fault-* headers) or the broker did (x-death: delivery limit, expiry, rejection).
/// </summary>
public static class FaultRecordReader
{
    public static FaultRecord Read(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, string routingKey)
    {
        var headers = properties.Headers;
        var death = AmqpHeaders.LatestDeath(headers);
        var byService = AmqpHeaders.Text(headers, DeadLetterHeaders.Kind) is not null;

        var sourceQueue = AmqpHeaders.Text(headers, DeadLetterHeaders.SourceQueue) ?? AmqpHeaders.Text(AmqpHeaders.Field(death, "queue")) ?? routingKey;
        // Dead letters reach dlx with their endpoint's name as routing key (the service's, or the
        // queue's x-dead-letter-routing-key): it names the dead-letter queue, also for partitions.
        var endpoint = routingKey;
        var kind = byService ? AmqpHeaders.Text(headers, DeadLetterHeaders.Kind)! : AmqpHeaders.Text(AmqpHeaders.Field(death, "reason")) ?? "unknown";
        var deadLetteredAt = DateTime.TryParse(AmqpHeaders.Text(headers, DeadLetterHeaders.DeadLetteredAt), null, System.Globalization.DateTimeStyles.RoundtripKind, out var at)
            ? at
            : AmqpHeaders.Field(death, "time") is AmqpTimestamp time ? DateTimeOffset.FromUnixTimeSeconds(time.UnixTime).UtcDateTime : DateTime.UtcNow;
        var originalRoutingKey = AmqpHeaders.Text(headers, DeadLetterHeaders.OriginalRoutingKey)
            ?? (AmqpHeaders.Field(death, "routing-keys") as IList<object?>)?.Select(AmqpHeaders.Text).FirstOrDefault();
        var (text, encoding) = BodyOf(body);

        return new FaultRecord
        {
            FaultId = Guid.TryParse(AmqpHeaders.Text(headers, DeadLetterHeaders.FaultId), out var faultId) ? faultId : BrokerFaultId(properties.MessageId, sourceQueue, death),
            MessageId = properties.MessageId,
            CorrelationId = properties.CorrelationId,
            MessageType = MessageTypeOf(AmqpHeaders.Text(headers, "MT-MessageType"), properties.Type, originalRoutingKey),
            SourceQueue = sourceQueue,
            Endpoint = endpoint,
            Kind = kind,
            Reason = AmqpHeaders.Text(headers, DeadLetterHeaders.Reason) ?? BrokerReason(kind, death),
            ExceptionType = AmqpHeaders.Text(headers, "MT-Fault-ExceptionType"),
            ExceptionMessage = AmqpHeaders.Text(headers, "MT-Fault-Message"),
            StackTrace = AmqpHeaders.Text(headers, "MT-Fault-StackTrace"),
            RetryCount = AmqpHeaders.Int(headers, "MT-Fault-RetryCount"),
            RedeliveryCount = AmqpHeaders.Int(headers, "MT-Redelivery-Count"),
            ReplayCount = AmqpHeaders.Int(headers, DeadLetterHeaders.ReplayCount) ?? 0,
            Host = AmqpHeaders.Text(headers, DeadLetterHeaders.Host) ?? AmqpHeaders.Text(headers, "MT-Host-MachineName"),
            TraceId = AmqpHeaders.Text(headers, DeadLetterHeaders.TraceId) ?? TraceIdOf(AmqpHeaders.Text(headers, "MT-Activity-Id")),
            DeadLetteredAt = deadLetteredAt.ToUniversalTime(),
            OriginalExchange = AmqpHeaders.Text(headers, DeadLetterHeaders.OriginalExchange) ?? AmqpHeaders.Text(AmqpHeaders.Field(death, "exchange")),
            OriginalRoutingKey = originalRoutingKey,
            Body = text,
            BodyEncoding = encoding,
            Headers = AmqpHeaders.AllAsText(headers),
        };
    }

    /// <summary>The message type's short name: "VehicleCreatedEvent" from its URN, else the routing key.</summary>
    private static string MessageTypeOf(string? urns, string? amqpType, string? routingKey)
    {
        var urn = urns?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return urn is not null ? urn[(urn.LastIndexOf(':') + 1)..] : amqpType ?? routingKey ?? "unknown";
    }

    private static string BrokerReason(string kind, IDictionary<string, object?>? death) => kind switch
    {
        "delivery_limit" => "The broker dead-lettered it when it reached its delivery limit: its consumer never acknowledged it (crashed, or its channel closed).",
        "expired" => "The broker dead-lettered it: it expired before it was consumed.",
        "rejected" => "The broker dead-lettered it: a consumer rejected it without requeueing.",
        _ => $"Dead-lettered ({kind}).",
    };

    // A broker dead letter carries no fault id: derive one that is the same for a redelivered copy.
    private static Guid BrokerFaultId(string? messageId, string queue, IDictionary<string, object?>? death)
    {
        var name = $"{messageId}|{queue}|{AmqpHeaders.Text(AmqpHeaders.Field(death, "count"))}|{(AmqpHeaders.Field(death, "time") as AmqpTimestamp?)?.UnixTime}";
        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
    }

    private static string? TraceIdOf(string? traceParent) =>
        traceParent?.Split('-') is [_, var traceId, _, _] ? traceId : null;

    private static (string Text, string Encoding) BodyOf(ReadOnlyMemory<byte> body)
    {
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span), "utf8");
        }
        catch (DecoderFallbackException)
        {
            return (Convert.ToBase64String(body.Span), "base64");
        }
    }
}
