using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace OklaMq.Tests.Infrastructure;

/// <summary>
/// Saga timeouts under a clock the spec moves: the harness's endpoints get this scheduler where the
/// services get the delay queues (the same <see cref="MessageSchedulerContext"/> seam). A scheduled
/// message waits here until <see cref="AdvanceAsync"/> moves <see cref="Clock"/> past its time, then
/// it is sent to its endpoint with its <c>MT-Scheduling-TokenId</c>, as the delay queues deliver it.
/// Like a message in a delay queue, a cancelled one is still delivered: the saga must recognise it.
/// </summary>
public sealed class ControlledScheduler : IFilter<ConsumeContext>, IScheduleMessageProvider
{
    private readonly List<Scheduled> _pending = [];

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Messages scheduled and not yet delivered, soonest first.</summary>
    public IReadOnlyList<Scheduled> Pending
    {
        get
        {
            lock (_pending)
            {
                return _pending.OrderBy(s => s.At).ToList();
            }
        }
    }

    /// <summary>Moves the clock by <paramref name="by"/> and delivers every message due by then, in time order.</summary>
    public async Task AdvanceAsync(TimeSpan by, ISendEndpointProvider bus)
    {
        Clock.Advance(by);
        List<Scheduled> due;
        lock (_pending)
        {
            due = _pending.Where(s => s.At <= Clock.GetUtcNow().UtcDateTime).OrderBy(s => s.At).ToList();
            _pending.RemoveAll(due.Contains);
        }
        foreach (var scheduled in due)
        {
            var endpoint = await bus.GetSendEndpoint(scheduled.Destination);
            await endpoint.Send(scheduled.Message, scheduled.MessageType, Pipe.Execute<SendContext>(context =>
                context.Headers.Set("MT-Scheduling-TokenId", scheduled.TokenId.ToString("D"))));
        }
    }

    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        // Replaces the harness's own scheduler (it delivers in real time).
        MessageSchedulerContext Controlled() => new ConsumeMessageSchedulerContext(context, consume => new MessageScheduler(this, consume.GetPayload<IBusTopology>()));
        context.AddOrUpdatePayload(Controlled, _ => Controlled());
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("controlledScheduler");

    public Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class
    {
        var tokenId = ScheduleTokenIdCache<T>.GetTokenId(message);
        lock (_pending)
        {
            _pending.Add(new Scheduled(destinationAddress, scheduledTime.ToUniversalTime(), message, typeof(T), tokenId));
        }
        return Task.FromResult<ScheduledMessage<T>>(new ScheduledMessageHandle<T>(tokenId, scheduledTime, destinationAddress, message));
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) => Task.CompletedTask;

    public sealed record Scheduled(Uri Destination, DateTime At, object Message, Type MessageType, Guid TokenId);
}
