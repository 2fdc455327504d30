using System.Diagnostics.Metrics;
using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.DeadLetterService.Faults;

/// <summary>
/// What the fault store wrote and failed to write: <c>okla_fault_store_records_total{queue,kind}</c>
/// (dead letters recorded, by endpoint and kind) and <c>okla_fault_store_write_failures_total{reason}</c>
/// (attempts that left a dead letter waiting in the fault-store queue, by exception type).
/// </summary>
public static class FaultStoreMetrics
{
    private static readonly Counter<long> Records = MessagingTelemetry.Meter.CreateCounter<long>(
        "okla.fault_store.records", description: "Dead letters recorded in the fault store, by endpoint and kind.");

    private static readonly Counter<long> WriteFailures = MessagingTelemetry.Meter.CreateCounter<long>(
        "okla.fault_store.write_failures", description: "Dead letters the fault store could not record (they wait in the fault-store queue), by exception type.");

    public static void Recorded(string endpoint, string kind) =>
        Records.Add(1, new("queue", endpoint), new("kind", kind));

    public static void NotRecorded(Exception exception) =>
        WriteFailures.Add(1, new KeyValuePair<string, object?>("reason", exception.GetType().Name));
}
