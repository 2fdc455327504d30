using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// Makes a consumer's effects happen once per message and endpoint (<see cref="RedisInbox"/>): a
/// duplicate delivery, a redelivery after a crash and a replay from the dead-letter queue all find
/// the message done and are acknowledged. In <see cref="InboxMode.ClaimFirst"/> the consumer does
/// not run again; in <see cref="InboxMode.CommitOnly"/> it runs, and its recorded Redis effects are
/// dropped. Inside the retry filters, so a busy or lost claim, or Redis being unreachable, is
/// retried, never skipped.
/// </summary>
public sealed partial class InboxFilter<TConsumer, TMessage>(string endpoint, InboxMode mode, RedisInbox inbox, ILogger logger) : IFilter<ConsumerConsumeContext<TConsumer, TMessage>>
    where TConsumer : class
    where TMessage : class
{
    private static readonly Counter<long> Duplicates = MessagingTelemetry.Meter.CreateCounter<long>(
        "okla.inbox.duplicates", description: "Deliveries the inbox recognised as already processed.");

    public async Task Send(ConsumerConsumeContext<TConsumer, TMessage> context, IPipe<ConsumerConsumeContext<TConsumer, TMessage>> next)
    {
        var key = InboxKeys.For(endpoint, context);
        if (mode == InboxMode.CommitOnly)
        {
            var recorded = context.GetPayload<IServiceProvider>().GetRequiredService<MessageEffects>().JoinInbox();
            await next.Send(context);
            if (!await inbox.CommitUnlessDoneAsync(key, recorded))
            {
                Duplicate(context, key);
            }
            return;
        }

        var claimant = Guid.NewGuid().ToString("N");
        switch (await inbox.ClaimOrWaitAsync(key, claimant, context.CancellationToken))
        {
            case InboxClaim.AlreadyProcessed:
                Duplicate(context, key);
                return;
            case InboxClaim.Busy:
                throw new InboxBusyException(key.ToString());
        }

        var effects = context.GetPayload<IServiceProvider>().GetRequiredService<MessageEffects>().JoinInbox();
        try
        {
            await next.Send(context);
        }
        catch
        {
            await inbox.ReleaseAsync(key, claimant);
            throw;
        }
        if (!await inbox.CommitAsync(key, claimant, effects))
        {
            throw new InboxClaimLostException(key.ToString());
        }
    }

    private void Duplicate(ConsumeContext context, StackExchange.Redis.RedisKey key)
    {
        Duplicates.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));
        LogDuplicate(endpoint, context.MessageId, key.ToString());
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("inbox");

    [LoggerMessage(Level = LogLevel.Information, Message = "{Endpoint} already processed message {MessageId} ({InboxKey}); acknowledged, its effects not applied again")]
    private partial void LogDuplicate(string endpoint, Guid? messageId, string inboxKey);
}
