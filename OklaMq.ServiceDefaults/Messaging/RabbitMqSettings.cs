using System.ComponentModel.DataAnnotations;
using OklaMq.ServiceDefaults.Messaging.Recoverability;

namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>
/// The <c>RabbitMQ</c> configuration section of design document section 2.1. With Aspire, host,
/// port and credentials come from the <c>messaging</c> connection string and these keys are
/// the fallback; everything else applies in both cases.
/// </summary>
public sealed class RabbitMqSettings
{
    public const string SectionName = "RabbitMQ";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Range(1, 65535)]
    public int ManagementPort { get; set; } = 15672;

    public string? Username { get; set; }
    public string? Password { get; set; }

    [Required, RegularExpression("^/.*", ErrorMessage = "RabbitMQ:VirtualHost must start with '/', for example '/okla'.")]
    public string VirtualHost { get; set; } = "/okla";

    /// <summary>
    /// Unacknowledged messages the broker hands each consumer channel. The document's 16 (with 8
    /// concurrent) held the pipeline to a third of the raw client's throughput; 128 / 64 measured
    /// best here (docs/benchmarks.md). Set 16 and 8 to follow the document to the letter.
    /// </summary>
    [Range(1, 65535)]
    public int PrefetchCount { get; set; } = 128;

    /// <summary>Messages one endpoint processes at the same time.</summary>
    [Range(1, 10000)]
    public int ConcurrentMessageLimit { get; set; } = 64;

    /// <summary>
    /// Returns to the queue (a consumer process died, a channel closed) after which the broker
    /// dead-letters a message instead: it is delivered at most this many times plus one.
    /// </summary>
    [Range(1, 1000)]
    public int DeliveryLimit { get; set; } = 10;

    /// <summary>Channels the event publisher spreads publishes over; one ordering key always uses the same channel.</summary>
    [Range(1, 64)]
    public int PublisherChannels { get; set; } = 4;

    /// <summary>Largest message body a publisher sends; the broker is configured to refuse larger ones too.</summary>
    [Range(1024, 134_217_728)]
    public int MaxMessageSizeBytes { get; set; } = 1024 * 1024;

    /// <summary>Delay queues: level n waits 2^n seconds, so the longest delay is 2^levels - 1 seconds (28: about 8.5 years).</summary>
    [Range(1, 32)]
    public int DelayLevels { get; set; } = 28;

    public RetrySettings Retry { get; set; } = new();

    /// <summary>
    /// Waits between attempts while a dependency (Redis) is unreachable or another delivery holds the
    /// message: these are retried in place, without using up the message's retries or redeliveries.
    /// </summary>
    public TimeSpan DependencyRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Attempts before the message leaves the consumer for a scheduled redelivery (default: 25 minutes
    /// of 5 s waits, to stay inside RabbitMQ's 30-minute consumer timeout, after which the broker
    /// would take the unacknowledged message back and count a delivery). The waits are not all of it:
    /// time in the prefetch buffer and attempts that wait for Redis's own timeout add to the
    /// unacknowledged time (docs/recovery.md, section 4).
    /// </summary>
    [Range(1, 100_000)]
    public int DependencyRetryLimit { get; set; } = 300;

    public Ordering.OrderingSettings Ordering { get; set; } = new();
    public RedeliverySettings Redelivery { get; set; } = new();
    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();

    /// <summary>Per-queue overrides, for example <c>RabbitMQ:Endpoints:vehicle-created:Retry:Intervals</c>.</summary>
    public Dictionary<string, EndpointSettings> Endpoints { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The retry of <paramref name="queue"/>: configured for the queue, else the endpoint's own
    /// default (its consumer definition), else the service's.
    /// </summary>
    public RetrySettings RetryFor(string queue, RetrySettings? endpointDefault) =>
        Endpoints.GetValueOrDefault(queue)?.Retry ?? endpointDefault ?? Retry;

    public RedeliverySettings RedeliveryFor(string queue) =>
        Endpoints.GetValueOrDefault(queue)?.Redelivery ?? Redelivery;
}
