using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers;

/// <summary>
/// Marks the user's profile verified. Nothing is sent: the user just completed the verification
/// in the app and sees the result there.
/// </summary>
public sealed partial class UserVerifiedNotifier(UserDirectory users, ILogger<UserVerifiedNotifier> logger) : IConsumer<UserVerifiedEvent>
{
    public async Task Consume(ConsumeContext<UserVerifiedEvent> context)
    {
        var verified = context.Message;
        await users.MarkVerifiedAsync(verified.UserId, verified.VerificationType);
        LogVerified(verified.UserId, verified.VerificationType);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} verified ({VerificationType})")]
    private partial void LogVerified(Guid userId, string verificationType);
}

public sealed class UserVerifiedNotifierDefinition() : EventConsumerDefinition<UserVerifiedNotifier>("user-verified");
