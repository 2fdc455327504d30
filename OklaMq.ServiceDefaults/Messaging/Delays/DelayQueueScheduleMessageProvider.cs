using MassTransit;
using MassTransit.Scheduling;

namespace OklaMq.ServiceDefaults.Messaging.Delays;

/// <summary>
/// MassTransit's scheduler seam backed by <see cref="DelayTopology"/>: a scheduled message is sent
/// to the delay exchanges with its delay and destination queue in the routing key. Serves scheduled
/// redelivery and saga timeouts alike. A scheduled message cannot be cancelled (it is already in a
/// delay queue): sagas ignore timeouts whose token they no longer expect.
/// </summary>
public sealed class DelayQueueScheduleMessageProvider(ISendEndpointProvider sendEndpoints, DelayTopology delays, TimeProvider clock) : IScheduleMessageProvider
{
    public const string DelayedUntilHeader = "okla-delayed-until";

    public async Task<ScheduledMessage<T>> ScheduleSend<T>(Uri destinationAddress, DateTime scheduledTime, T message, IPipe<SendContext<T>> pipe, CancellationToken cancellationToken)
        where T : class
    {
        var queue = EndpointAddresses.QueueOf(destinationAddress);
        var routingKey = delays.RoutingKey(scheduledTime.ToUniversalTime() - clock.GetUtcNow().UtcDateTime, queue);
        var tokenId = ScheduleTokenIdCache<T>.GetTokenId(message);

        var endpoint = await sendEndpoints.GetSendEndpoint(new Uri($"exchange:{delays.EntryExchange}?type=topic"));
        await endpoint.Send(message, Pipe.Execute<SendContext<T>>(async context =>
        {
            await pipe.Send(context);
            context.Headers.Set(DelayedUntilHeader, scheduledTime.ToUniversalTime().ToString("O"));
            // Sagas recognise their own timeouts by this token.
            context.ScheduledMessageId = tokenId;
            context.Headers.Set("MT-Scheduling-TokenId", tokenId.ToString("D"));
            context.SetRoutingKey(routingKey);
        }), cancellationToken);

        return new ScheduledMessageHandle<T>(tokenId, scheduledTime, destinationAddress, message);
    }

    public Task CancelScheduledSend(Guid tokenId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CancelScheduledSend(Uri destinationAddress, Guid tokenId, CancellationToken cancellationToken) => Task.CompletedTask;

}
