using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Consumers;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Notification;

[Collection(RedisCollection.Name)]
public sealed class Registering_a_user(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _userId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<UserRegisteredNotifier, UserRegisteredNotifierDefinition>();
        services.AddSingleton<UserDirectory>();
    }

    private UserRegisteredEvent Registered() => new()
    {
        UserId = _userId,
        Email = "maria.perez@example.test",
        FullName = "María Pérez",
        AccountType = "Dealer",
        RegisteredAt = DateTime.UtcNow,
    };

    [Fact]
    public async Task Should_remember_how_to_reach_the_user()
    {
        await PublishAndWaitAsync(Registered());

        var profile = await Services.GetRequiredService<UserDirectory>().FindAsync(_userId);
        Assert.NotNull(profile);
        Assert.Equal("maria.perez@example.test", profile.Email);
        Assert.Equal("María Pérez", profile.FullName);
        Assert.Equal("Dealer", profile.AccountType);
        Assert.False(profile.Verified);
        await AssertNoFaultAsync<UserRegisteredEvent>();
    }

    [Fact]
    public async Task Should_email_a_welcome_in_spanish()
    {
        await PublishAndWaitAsync(Registered());

        var email = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _userId).Single().Context.Message;
        Assert.Equal(UserRegisteredNotifier.Template, email.Template);
        Assert.Equal("maria.perez@example.test", email.Email);
        Assert.Equal("Bienvenido a OKLA", email.Subject);
        Assert.Contains("María Pérez", email.Body);
        await AssertNoFaultAsync<UserRegisteredEvent>();
    }

    [Fact]
    public async Task Should_notify_once_when_the_event_repeats()
    {
        var registered = Registered();

        await Harness.Bus.Publish(registered);
        await Harness.Bus.Publish(registered);
        await Harness.InactivityTask;

        var ids = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _userId).Select(x => x.Context.Message.NotificationId).ToList();
        // The inbox runs the consumer once per message.
        Assert.Single(ids);
        await AssertNoFaultAsync<UserRegisteredEvent>();
    }
}
