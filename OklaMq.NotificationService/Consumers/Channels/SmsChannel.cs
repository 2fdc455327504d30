using MassTransit;
using OklaMq.Contracts.Commands;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers.Channels;

/// <summary>
/// Sends SMS: records it (no provider is called here); a repeated command is recorded once. A command
/// without a phone number (one addressed to an account, such as the lead follow-up saga's reminder to
/// a dealer: OKLA keeps no phone numbers for accounts) cannot be sent: it is not recorded as sent,
/// only logged with ids.
/// </summary>
public sealed partial class SmsChannel(NotificationLog log, ILogger<SmsChannel> logger) : IConsumer<SendSmsCommand>
{
    public async Task Consume(ConsumeContext<SendSmsCommand> context)
    {
        var sms = context.Message;
        if (string.IsNullOrWhiteSpace(sms.PhoneNumber))
        {
            LogNoPhoneNumber(sms.RecipientUserId, sms.Template, sms.NotificationId);
            return;
        }
        await log.RecordAsync(new SentNotification(sms.NotificationId, sms.RecipientUserId, NotificationChannels.Sms,
            sms.Template, sms.Template, sms.Text, sms.PhoneNumber, DateTime.UtcNow));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} has no known phone number; {Template} SMS {NotificationId} not sent")]
    private partial void LogNoPhoneNumber(Guid userId, string template, Guid notificationId);
}

public sealed class SmsChannelDefinition() : EventConsumerDefinition<SmsChannel>("send-sms");
