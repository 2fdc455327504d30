using MassTransit;
using OklaMq.Contracts.Commands;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers.Channels;

/// <summary>
/// Sends email: records it (no provider is called here); a repeated command is recorded once. A
/// command without an address is for the recipient's account (a service that does not know users'
/// addresses, such as the lead follow-up saga in Vehicles): it goes to the address the directory
/// knows, or, for a user the directory does not know, is not sent (logged with ids only).
/// </summary>
public sealed partial class EmailChannel(NotificationLog log, UserDirectory users, ILogger<EmailChannel> logger) : IConsumer<SendEmailCommand>
{
    public async Task Consume(ConsumeContext<SendEmailCommand> context)
    {
        var email = context.Message;
        var address = string.IsNullOrWhiteSpace(email.Email) ? (await users.FindAsync(email.RecipientUserId))?.Email : email.Email;
        if (string.IsNullOrWhiteSpace(address))
        {
            LogNoAddress(email.RecipientUserId, email.Template, email.NotificationId);
            return;
        }
        await log.RecordAsync(new SentNotification(email.NotificationId, email.RecipientUserId, NotificationChannels.Email,
            email.Template, email.Subject, email.Body, address, DateTime.UtcNow));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} has no known email address; {Template} email {NotificationId} not sent")]
    private partial void LogNoAddress(Guid userId, string template, Guid notificationId);
}

public sealed class EmailChannelDefinition() : EventConsumerDefinition<EmailChannel>("send-email");
