using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;

namespace OklaMq.ServiceDefaults.Messaging.Delays;

/// <summary>
/// Gives every consumed message a <see cref="MessageSchedulerContext"/> backed by the delay
/// queues, which <c>UseScheduledRedelivery</c> and saga <c>Schedule</c> ask for. (MassTransit's
/// <c>UseDelayedRedelivery</c> needs the delayed-message exchange type; declaring it on a broker
/// without the plugin closes the whole connection.)
/// </summary>
public sealed class DelayQueueSchedulerFilter(DelayTopology delays, TimeProvider clock) : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        context.GetOrAddPayload<MessageSchedulerContext>(() =>
            new ConsumeMessageSchedulerContext(context, consume =>
                new MessageScheduler(new DelayQueueScheduleMessageProvider(consume, delays, clock), consume.GetPayload<IBusTopology>())));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("delayQueueScheduler");
}
