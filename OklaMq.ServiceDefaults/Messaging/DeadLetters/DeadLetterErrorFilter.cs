using System.Runtime.Serialization;
using MassTransit;
using Microsoft.Extensions.Logging;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Recoverability;

namespace OklaMq.ServiceDefaults.Messaging.DeadLetters;

/// <summary>
/// Replaces MassTransit's move to <c>&lt;queue&gt;_error</c>: a message whose retries and
/// redeliveries are spent, or that can never succeed, goes to <c>&lt;queue&gt;-dlq</c> with the
/// exception (MT-Fault-* headers: type, message, stack trace, retry count) and a readable reason.
/// No Fault&lt;T&gt; event is published: the dead-letter queue and the fault store are the record.
/// </summary>
public sealed partial class DeadLetterErrorFilter(EndpointIdentity identity, DeliverySequencer sequencer, ILogger logger) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        // An unreadable body never reaches the partitioner: the deliveries after it need not wait for it.
        sequencer.Skip(context);
        var exception = context.Exception;
        var kind = exception switch
        {
            SerializationException => DeadLetterHeaders.Kinds.Unreadable,
            _ when PermanentFailures.IsPermanent(exception) => DeadLetterHeaders.Kinds.Invalid,
            _ => DeadLetterHeaders.Kinds.Exception,
        };
        var reason = $"{exception.GetType().Name}: {exception.Message}";

        await DeadLetterPublisher.PublishAsync(context, identity, kind, reason, context.ExceptionHeaders.GetAll());
        if (!context.IsFaulted)
        {
            // A failure outside a consumer (unreadable body, redelivery) has not marked the delivery
            // faulted; without the mark the dead-letter filter would move it a second time as "skipped".
            await context.NotifyFaulted(exception);
        }
        LogDeadLettered(identity.Queue, context.TransportHeaders.Get<string>("MessageId"), kind, exception.GetType().Name);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("deadLetterError");

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} dead-lettered from {Queue} ({Kind}, {ExceptionType})")]
    private partial void LogDeadLettered(string queue, string? messageId, string kind, string exceptionType);
}
