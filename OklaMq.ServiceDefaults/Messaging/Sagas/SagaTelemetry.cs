using System.Diagnostics.Metrics;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>
/// What sagas count: messages a saga acknowledged without a transition (<c>okla_saga_messages_ignored_total</c>,
/// by saga, reason and message), and the <c>okla_saga_instances</c> gauge (<see cref="SagaInstanceGauge"/>).
/// </summary>
public static class SagaTelemetry
{
    public static class Reasons
    {
        /// <summary>The inbox already had the message: another delivery of it was processed.</summary>
        public const string Duplicate = "duplicate";

        /// <summary>The instance's current state does not handle the event (a late event for a finished saga, a stale timeout).</summary>
        public const string NotHandledInState = "not-handled-in-state";

        /// <summary>No instance exists for an event that cannot create one (the event's missing-instance policy is Ignore).</summary>
        public const string MissingInstance = "missing-instance";
    }

    private static readonly Counter<long> Ignored = MessagingTelemetry.Meter.CreateCounter<long>(
        "okla.saga.messages.ignored", description: "Messages a saga acknowledged without a transition, by reason.");

    public static void Duplicate(DurableSaga saga) => Ignore(saga, Reasons.Duplicate, message: null);

    public static void Ignore(DurableSaga saga, string reason, string? message) =>
        Ignored.Add(1,
            new KeyValuePair<string, object?>("saga", saga.Name),
            new KeyValuePair<string, object?>("reason", reason),
            new KeyValuePair<string, object?>("message", message));
}
