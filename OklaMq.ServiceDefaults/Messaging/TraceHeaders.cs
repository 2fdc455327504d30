using System.Diagnostics;
using System.Text;
using MassTransit.Logging;

namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>
/// The trace a message belongs to, carried in MassTransit's <c>MT-Activity-Id</c> header as a W3C
/// traceparent (<c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c>): MassTransit continues a
/// consumer's trace from it, and OklaMq's own steps (outbox relay, dead-lettering, fault store,
/// replay) read and write the same header, so a message keeps one trace from the request that made
/// it to its last consume (docs/operations.md, "One trace per message").
/// </summary>
public static class TraceHeaders
{
    public const string ActivityId = DiagnosticHeaders.ActivityId;

    /// <summary>The span that last sent the message, or default when it carries none (a publisher without tracing).</summary>
    public static ActivityContext ParentOf(IDictionary<string, object?>? headers)
    {
        var traceParent = headers is not null && headers.TryGetValue(ActivityId, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;
        return ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent) ? parent : default;
    }

    /// <summary>Makes <paramref name="activity"/> the span the message's next consumer continues from.</summary>
    public static void Set(IDictionary<string, object?> headers, Activity? activity)
    {
        if (activity?.Id is { } id)
        {
            headers[ActivityId] = id;
        }
    }

    /// <summary>
    /// Starts a span of a step done to a message (<see cref="MessagingTelemetry.ActivitySource"/>):
    /// in the message's trace (<paramref name="message"/>, from <see cref="ParentOf"/>), linked to
    /// the operation that asked for it when that is another trace (an operator's replay request).
    /// Without a message trace the span continues the current one.
    /// </summary>
    public static Activity? StartActivity(string name, ActivityKind kind, ActivityContext message)
    {
        var current = Activity.Current;
        ActivityLink[]? links = message != default && current is not null && current.TraceId != message.TraceId
            ? [new ActivityLink(current.Context)]
            : null;
        var activity = MessagingTelemetry.ActivitySource.StartActivity(name, kind, message != default ? message : current?.Context ?? default, links: links);
        activity?.SetTag("messaging.system", "rabbitmq");
        return activity;
    }
}
