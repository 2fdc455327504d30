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
public sealed class Failing_a_payment(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _payerId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<PaymentFailedNotifier, PaymentFailedNotifierDefinition>();
        services.AddSingleton<UserDirectory>().AddSingleton<UserNotifier>();
    }

    private PaymentFailedEvent Failure() => new()
    {
        PaymentId = Guid.NewGuid(),
        UserId = _payerId,
        Amount = 2_990m,
        FailureReason = "Fondos insuficientes",
        Gateway = "Stripe",
        FailedAt = DateTime.UtcNow,
    };

    [Fact]
    public async Task Should_email_the_reason_to_a_known_payer()
    {
        await Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_payerId, "carla@example.test", "Carla Rosario", "Individual", Verified: false));

        await PublishAndWaitAsync(Failure());

        var email = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _payerId).Single().Context.Message;
        Assert.Equal(PaymentFailedNotifier.Template, email.Template);
        Assert.Equal("carla@example.test", email.Email);
        Assert.Contains("RD$ 2,990.00", email.Body);
        Assert.Contains("Fondos insuficientes", email.Body);
        await AssertNoFaultAsync<PaymentFailedEvent>();
    }

    [Fact]
    public async Task Should_push_the_failure_and_its_reason()
    {
        await PublishAndWaitAsync(Failure());

        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _payerId).Single().Context.Message;
        Assert.Equal(PaymentFailedNotifier.Template, push.Template);
        Assert.Contains("Fondos insuficientes", push.Body);
        Assert.False(await Harness.Published.Any<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _payerId));
        await AssertNoFaultAsync<PaymentFailedEvent>();
    }
}
