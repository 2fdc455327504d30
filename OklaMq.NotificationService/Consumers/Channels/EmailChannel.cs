using MassTransit;
using OklaMq.Contracts.Commands;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers.Channels;

/// <summary>Sends email: records it (no provider is called here); a repeated command is recorded once.</summary>
public sealed class EmailChannel(NotificationLog log) : IConsumer<SendEmailCommand>
{
    public Task Consume(ConsumeContext<SendEmailCommand> context)
    {
        var email = context.Message;
        return log.RecordAsync(new SentNotification(email.NotificationId, email.RecipientUserId, NotificationChannels.Email,
            email.Template, email.Subject, email.Body, email.Email, DateTime.UtcNow));
    }
}

public sealed class EmailChannelDefinition() : EventConsumerDefinition<EmailChannel>("send-email");
