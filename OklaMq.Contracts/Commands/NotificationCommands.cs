namespace OklaMq.Contracts.Commands;

// Section 7.1 of the design document: commands on the direct exchange notification.commands.
// NotificationId is derived from the event that caused the notification, so a redelivered
// event produces the same command and the channel's inbox sends it once.

public record SendEmailCommand
{
    public Guid NotificationId { get; init; }
    public Guid RecipientUserId { get; init; }
    public string Email { get; init; } = string.Empty;
    public string Subject { get; init; } = string.Empty;
    public string Body { get; init; } = string.Empty;
    /// <summary>The notification kind, for example VehicleCreated or PaymentReceipt.</summary>
    public string Template { get; init; } = string.Empty;
    public DateTime RequestedAt { get; init; }
}

public record SendSmsCommand
{
    public Guid NotificationId { get; init; }
    public Guid RecipientUserId { get; init; }
    public string PhoneNumber { get; init; } = string.Empty;
    public string Text { get; init; } = string.Empty;
    public string Template { get; init; } = string.Empty;
    public DateTime RequestedAt { get; init; }
}

public record SendPushCommand
{
    public Guid NotificationId { get; init; }
    public Guid RecipientUserId { get; init; }
    public string Title { get; init; } = string.Empty;
    public string Body { get; init; } = string.Empty;
    public string Template { get; init; } = string.Empty;
    public Dictionary<string, string> Data { get; init; } = new();
    public DateTime RequestedAt { get; init; }
}
