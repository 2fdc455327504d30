using OklaMq.Contracts.Commands;

namespace OklaMq.NotificationService.Model;

/// <summary>
/// Builds the channel commands of one notification. <paramref name="cause"/> is the business id of
/// what happened (vehicle, payment, lead…), so the command ids repeat when the event does.
/// </summary>
public static class NotificationCommands
{
    public static SendPushCommand Push(string template, Guid cause, Guid recipient, string title, string body, IReadOnlyDictionary<string, string>? data = null) => new()
    {
        NotificationId = NotificationIds.For(template, cause, recipient, NotificationChannels.Push),
        RecipientUserId = recipient,
        Title = title,
        Body = body,
        Template = template,
        Data = data?.ToDictionary() ?? [],
        RequestedAt = DateTime.UtcNow,
    };

    public static SendEmailCommand Email(string template, Guid cause, UserProfile recipient, string subject, string body) => new()
    {
        NotificationId = NotificationIds.For(template, cause, recipient.UserId, NotificationChannels.Email),
        RecipientUserId = recipient.UserId,
        Email = recipient.Email,
        Subject = subject,
        Body = body,
        Template = template,
        RequestedAt = DateTime.UtcNow,
    };

    public static SendSmsCommand Sms(string template, Guid cause, Guid recipient, string phoneNumber, string text) => new()
    {
        NotificationId = NotificationIds.For(template, cause, recipient, NotificationChannels.Sms),
        RecipientUserId = recipient,
        PhoneNumber = phoneNumber,
        Text = text,
        Template = template,
        RequestedAt = DateTime.UtcNow,
    };
}
