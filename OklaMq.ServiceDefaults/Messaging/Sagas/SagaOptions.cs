using System.ComponentModel.DataAnnotations;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>The <c>Messaging:Sagas</c> configuration section.</summary>
public sealed class SagaOptions
{
    public const string SectionName = "Messaging:Sagas";

    /// <summary>How long a finished instance is kept (in its final state) for inspection before Redis drops it.</summary>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Immediate retries of a message whose saga instance another message changed first (a version
    /// conflict). They do not count as the message's retries; once spent, the message is redelivered.
    /// </summary>
    [Range(1, 1000)]
    public int ConflictRetryLimit { get; set; } = 20;

    /// <summary>How often the <c>okla_saga_instances</c> gauge reads the counts per state from Redis.</summary>
    public TimeSpan GaugeRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);
}
