using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Consumers;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Notification;

[Collection(RedisCollection.Name)]
public sealed class Verifying_a_user(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _userId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<UserVerifiedNotifier, UserVerifiedNotifierDefinition>();
        bus.AddConsumer<UserRegisteredNotifier, UserRegisteredNotifierDefinition>();
        services.AddSingleton<UserDirectory>();
    }

    private UserVerifiedEvent Verified(string type = "Email") => new() { UserId = _userId, VerificationType = type, VerifiedAt = DateTime.UtcNow };

    [Fact]
    public async Task Should_mark_a_known_profile_verified()
    {
        var users = Services.GetRequiredService<UserDirectory>();
        await users.SaveAsync(new UserProfile(_userId, "ana@example.test", "Ana Gómez", "Individual", Verified: false));

        await PublishAndWaitAsync(Verified());

        Assert.True((await users.FindAsync(_userId))!.Verified);
        Assert.Equal(["Email"], await users.VerificationsAsync(_userId));
        await AssertNoFaultAsync<UserVerifiedEvent>();
    }

    [Fact]
    public async Task Should_not_notify_anyone()
    {
        await PublishAndWaitAsync(Verified());
        await Harness.InactivityTask;

        Assert.False(await Harness.Published.Any<SendEmailCommand>());
        Assert.False(await Harness.Published.Any<SendPushCommand>());
        Assert.False(await Harness.Published.Any<SendSmsCommand>());
        await AssertNoFaultAsync<UserVerifiedEvent>();
    }

    [Fact]
    public async Task Should_keep_a_verification_that_arrives_before_the_registration()
    {
        await PublishAndWaitAsync(Verified("Phone"));
        await PublishAndWaitAsync(new UserRegisteredEvent { UserId = _userId, Email = "luis@example.test", FullName = "Luis Báez", RegisteredAt = DateTime.UtcNow });

        var profile = await Services.GetRequiredService<UserDirectory>().FindAsync(_userId);
        Assert.NotNull(profile);
        Assert.True(profile.Verified);
        await AssertNoFaultAsync<UserVerifiedEvent>();
        await AssertNoFaultAsync<UserRegisteredEvent>();
    }

    [Fact]
    public async Task Should_record_a_repeated_verification_once()
    {
        await Harness.Bus.Publish(Verified("Identity"));
        await Harness.Bus.Publish(Verified("Identity"));
        await Harness.InactivityTask;

        Assert.Equal(["Identity"], await Services.GetRequiredService<UserDirectory>().VerificationsAsync(_userId));
        await AssertNoFaultAsync<UserVerifiedEvent>();
    }
}
