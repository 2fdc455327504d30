namespace OklaMq.NotificationService.Model;

/// <summary>A notification a channel delivered (recorded; no external provider is called).</summary>
public sealed record SentNotification(
    Guid NotificationId,
    Guid RecipientUserId,
    string Channel,
    string Template,
    string Title,
    string Body,
    string Address,
    DateTime SentAt);

public static class NotificationChannels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Push = "push";
}
