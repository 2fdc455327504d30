using MassTransit;
using OklaMq.Contracts.Commands;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers.Channels;

/// <summary>Sends SMS: records it (no provider is called here); a repeated command is recorded once.</summary>
public sealed class SmsChannel(NotificationLog log) : IConsumer<SendSmsCommand>
{
    public Task Consume(ConsumeContext<SendSmsCommand> context)
    {
        var sms = context.Message;
        return log.RecordAsync(new SentNotification(sms.NotificationId, sms.RecipientUserId, NotificationChannels.Sms,
            sms.Template, sms.Template, sms.Text, sms.PhoneNumber, DateTime.UtcNow));
    }
}

public sealed class SmsChannelDefinition() : EventConsumerDefinition<SmsChannel>("send-sms");
