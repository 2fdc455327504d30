using System.ComponentModel.DataAnnotations;

namespace OklaMq.ServiceDefaults.Messaging.Recoverability;

/// <summary>
/// Immediate retries in the consumer (design document 2.2): exponential by default, or the
/// listed <see cref="Intervals"/> when there are any (document 6.1 for vehicle-created).
/// </summary>
public sealed class RetrySettings
{
    [Range(0, 100)]
    public int Limit { get; set; } = 5;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(5);
    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When set, these waits are used in order instead of the exponential ones.</summary>
    public TimeSpan[] Intervals { get; set; } = [];

    public static RetrySettings FromIntervals(params TimeSpan[] intervals) => new() { Limit = intervals.Length, Intervals = intervals };
}

/// <summary>Redelivery through the delay queues after immediate retries are spent (document 2.2: 5, 15 and 30 minutes).</summary>
public sealed class RedeliverySettings
{
    public static readonly IReadOnlyList<TimeSpan> DocumentIntervals = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)];

    /// <summary>
    /// The waits before each redelivery; unset means <see cref="DocumentIntervals"/>, empty means none.
    /// (Null rather than pre-filled: the configuration binder appends to an array it finds filled.)
    /// </summary>
    public TimeSpan[]? Intervals { get; set; }

    public IReadOnlyList<TimeSpan> EffectiveIntervals => Intervals ?? DocumentIntervals;
}

/// <summary>
/// The circuit breaker of document 2.2 (<see cref="EndpointCircuitBreaker"/>). Once
/// <see cref="ActiveThreshold"/> messages were seen in <see cref="TrackingPeriod"/> and at least
/// <see cref="TripThreshold"/> percent of them failed (an attempt of theirs failed), the endpoint
/// stops taking messages (they wait in the queue) for <see cref="ResetInterval"/>.
/// </summary>
public sealed class CircuitBreakerSettings
{
    public TimeSpan TrackingPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Percentage of failed messages that opens the breaker.</summary>
    [Range(1, 100)]
    public int TripThreshold { get; set; } = 15;

    /// <summary>Messages seen in the tracking period before the breaker may open.</summary>
    [Range(1, 100000)]
    public int ActiveThreshold { get; set; } = 10;

    public TimeSpan ResetInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Settings of one endpoint that differ from the service's (<c>RabbitMQ:Endpoints:&lt;queue&gt;</c>).</summary>
public sealed class EndpointSettings
{
    public RetrySettings? Retry { get; set; }
    public RedeliverySettings? Redelivery { get; set; }
}
