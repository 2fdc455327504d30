using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers;

/// <summary>Remembers how to reach a new user, and welcomes them.</summary>
public sealed class UserRegisteredNotifier(UserDirectory users) : IConsumer<UserRegisteredEvent>
{
    public const string Template = "Welcome";

    public async Task Consume(ConsumeContext<UserRegisteredEvent> context)
    {
        var registered = context.Message;
        var profile = new UserProfile(registered.UserId, registered.Email, registered.FullName, registered.AccountType, Verified: false);
        await users.SaveAsync(profile);
        await context.Publish(NotificationCommands.Email(Template, registered.UserId, profile,
            "Bienvenido a OKLA", $"Hola {registered.FullName}, gracias por registrarte en OKLA."));
    }
}

public sealed class UserRegisteredNotifierDefinition() : EventConsumerDefinition<UserRegisteredNotifier>("user-registered");
