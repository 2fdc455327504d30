using MassTransit;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;

namespace OklaMq.NotificationService.Consumers;

/// <summary>
/// Sends one notification to one user: a push always (push needs only the user id), and an email
/// when the directory knows the user. A user the directory does not know is normal (registered
/// before Notification ran, or a dealer account created elsewhere): it is logged with ids only.
/// </summary>
public sealed partial class UserNotifier(UserDirectory users, ILogger<UserNotifier> logger)
{
    /// <param name="template">The notification kind (command Template), part of the notification ids.</param>
    /// <param name="cause">The business id of what happened (payment, lead, vehicle, subscription).</param>
    /// <param name="emailBody">The email text, given the recipient's profile (for the greeting).</param>
    /// <returns>True when the email was sent as well as the push.</returns>
    public async Task<bool> PushAndEmailAsync(ConsumeContext context, string template, Guid cause, Guid recipient,
        string title, string pushBody, Func<UserProfile, string> emailBody, IReadOnlyDictionary<string, string>? data = null)
    {
        await PushAsync(context, template, cause, recipient, title, pushBody, data);
        if (await users.FindAsync(recipient) is not { } profile || string.IsNullOrWhiteSpace(profile.Email))
        {
            LogPushOnly(recipient, template, cause);
            return false;
        }
        await context.Publish(NotificationCommands.Email(template, cause, profile, title, emailBody(profile)));
        return true;
    }

    public Task PushAsync(ConsumeContext context, string template, Guid cause, Guid recipient,
        string title, string body, IReadOnlyDictionary<string, string>? data = null) =>
        context.Publish(NotificationCommands.Push(template, cause, recipient, title, body, data));

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} has no known email address; {Template} for {CauseId} notified by push only")]
    private partial void LogPushOnly(Guid userId, string template, Guid causeId);
}
