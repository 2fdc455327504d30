using MassTransit;
using OklaMq.Contracts.Commands;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers.Channels;

/// <summary>Sends push notifications: records them (no provider is called here); a repeated command is recorded once.</summary>
public sealed class PushChannel(NotificationLog log) : IConsumer<SendPushCommand>
{
    public Task Consume(ConsumeContext<SendPushCommand> context)
    {
        var push = context.Message;
        return log.RecordAsync(new SentNotification(push.NotificationId, push.RecipientUserId, NotificationChannels.Push,
            push.Template, push.Title, push.Body, push.RecipientUserId.ToString(), DateTime.UtcNow));
    }
}

public sealed class PushChannelDefinition() : EventConsumerDefinition<PushChannel>("send-push");
