namespace OklaMq.DeadLetterService.Infrastructure;

/// <summary>The <c>FaultStore</c> configuration section.</summary>
public sealed class FaultStoreOptions
{
    public const string SectionName = "FaultStore";

    /// <summary>How long a fault record is kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Most dead letters one replay or purge looks through to find its selection.</summary>
    public int MaxScan { get; set; } = 10_000;
}
