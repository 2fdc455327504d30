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
public sealed class Cancelling_a_subscription(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _dealerId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<SubscriptionCancelledNotifier, SubscriptionCancelledNotifierDefinition>();
        services.AddSingleton<UserDirectory>().AddSingleton<UserNotifier>();
    }

    private SubscriptionCancelledEvent Cancellation() => new()
    {
        SubscriptionId = Guid.NewGuid(),
        DealerId = _dealerId,
        CancellationReason = "Solicitud del dealer",
        CancelledAt = new DateTime(2026, 7, 10, 9, 0, 0, DateTimeKind.Utc),
        EffectiveEndDate = new DateTime(2026, 7, 31, 23, 59, 59, DateTimeKind.Utc),
    };

    [Fact]
    public async Task Should_email_the_effective_end_date_to_a_known_dealer()
    {
        await Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_dealerId, "admin@example.test", "Auto Plaza", "Dealer", Verified: true));

        await PublishAndWaitAsync(Cancellation());

        var email = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        Assert.Equal(SubscriptionCancelledNotifier.Template, email.Template);
        Assert.Contains("31/07/2026", email.Body);
        Assert.Contains("Solicitud del dealer", email.Body);
        await AssertNoFaultAsync<SubscriptionCancelledEvent>();
    }

    [Fact]
    public async Task Should_push_the_effective_end_date_to_the_dealer()
    {
        await PublishAndWaitAsync(Cancellation());

        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        Assert.Equal(SubscriptionCancelledNotifier.Template, push.Template);
        Assert.Contains("31/07/2026", push.Body);
        await AssertNoFaultAsync<SubscriptionCancelledEvent>();
    }

    [Fact]
    public async Task Should_tell_the_dealer_that_a_subscription_cancelled_before_it_was_paid_is_not_active()
    {
        var at = new DateTime(2026, 7, 10, 9, 0, 0, DateTimeKind.Utc);

        await PublishAndWaitAsync(Cancellation() with { CancellationReason = "Ningún cobro se completó en 4 intentos", CancelledAt = at, EffectiveEndDate = at });

        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        Assert.Equal("Tu suscripción fue cancelada y no está activa.", push.Body);
        await AssertNoFaultAsync<SubscriptionCancelledEvent>();
    }
}
