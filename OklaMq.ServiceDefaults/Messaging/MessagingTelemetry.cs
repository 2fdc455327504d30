using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>The activity source and meter of OklaMq's own messaging code (publisher, outbox, recovery).</summary>
public static class MessagingTelemetry
{
    public const string ActivitySourceName = "OklaMq.Messaging";
    public const string MeterName = "OklaMq.Messaging";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
