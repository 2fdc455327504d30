using MassTransit;
using Microsoft.Extensions.Logging;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.ServiceDefaults.Messaging.Recoverability;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.FaultInjection;

/// <summary>
/// Breaks consumption on purpose, in the consumer's or saga's own pipe (<see cref="AttemptFilters"/>),
/// so an injected fault fails exactly where a consumer's exception would: inside the consume
/// attempt's span, the retry filters, the breaker and dead-lettering all see it. Every attempt on a message with an
/// injected fault is counted in Redis (<see cref="InjectedFault.AttemptsKey"/>), so tests and
/// people can observe how often it was tried.
/// </summary>
public sealed partial class FaultInjectionFilter<TContext, TMessage>(EndpointIdentity endpoint, IConnectionMultiplexer redis, ILogger logger)
    : IFilter<TContext>
    where TContext : class, ConsumeContext<TMessage>
    where TMessage : class
{
    private static readonly TimeSpan KeepAttemptsFor = TimeSpan.FromHours(1);

    public async Task Send(TContext context, IPipe<TContext> next)
    {
        // A header fault breaks the message it was put on, not the messages its consumer publishes
        // (MassTransit copies a consumed message's headers onto them; they have an initiator).
        var fault = context.InitiatorId is null && InjectedFault.Parse(context.Headers.Get<string>(InjectedFault.Header)) is { } requested && requested.AppliesTo(endpoint)
            ? requested
            : InjectedFault.Parse(await redis.GetDatabase().StringGetAsync(InjectedFault.RedisKey(endpoint.Endpoint)));
        if (fault is null)
        {
            await next.Send(context);
            return;
        }

        var attempt = await CountAttemptAsync(context);
        LogInjecting(fault.Kind, endpoint.Queue, context.MessageId, attempt);
        switch (fault.Kind)
        {
            case "fail" when attempt <= fault.Value:
                throw new InjectedFaultException($"Injected failure {attempt} of {fault.Value} on {endpoint.Queue}.");
            case "always":
                throw new InjectedFaultException($"Injected failure on {endpoint.Queue} (attempt {attempt}).");
            case "invalid":
                throw new InvalidMessageException(context.SupportedMessageTypes.FirstOrDefault() ?? "message", ["Injected contract violation."]);
            case "crash":
                Environment.FailFast($"Injected crash of the consumer of {endpoint.Queue}.");
                break;
            case "slow":
                await Task.Delay(Random.Shared.Next(fault.Value + 1), context.CancellationToken);
                break;
        }
        await next.Send(context);
        if (fault.Kind == "crash-after" && attempt == 1)
        {
            Environment.FailFast($"Injected crash of the consumer of {endpoint.Queue} after it processed message {context.MessageId}.");
        }
    }

    private async Task<long> CountAttemptAsync(ConsumeContext context)
    {
        // Redeliveries and replays keep the original message id, so they count as attempts of the same message.
        if ((context.GetOriginalMessageId() ?? context.MessageId) is not { } messageId)
        {
            return 1;
        }
        var key = InjectedFault.AttemptsKey(endpoint.Endpoint, messageId);
        var attempts = await redis.GetDatabase().StringIncrementAsync(key);
        await redis.GetDatabase().KeyExpireAsync(key, KeepAttemptsFor);
        return attempts;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("faultInjection");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Injecting {Fault} into {Queue} for message {MessageId} (attempt {Attempt})")]
    private partial void LogInjecting(string fault, string queue, Guid? messageId, long attempt);
}
