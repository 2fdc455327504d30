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
public sealed class Creating_a_subscription(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _dealerId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<SubscriptionCreatedNotifier, SubscriptionCreatedNotifierDefinition>();
        services.AddSingleton<UserDirectory>().AddSingleton<UserNotifier>();
    }

    private SubscriptionCreatedEvent Subscription() => new()
    {
        SubscriptionId = Guid.NewGuid(),
        DealerId = _dealerId,
        PlanId = "dealer-pro",
        PlanName = "Dealer Pro",
        MonthlyPrice = 7_500m,
        StartDate = new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public async Task Should_email_the_plan_and_price_to_a_known_dealer()
    {
        await Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_dealerId, "gerencia@example.test", "Motores del Este", "Dealer", Verified: true));

        await PublishAndWaitAsync(Subscription());

        var email = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        Assert.Equal(SubscriptionCreatedNotifier.Template, email.Template);
        Assert.Contains("Dealer Pro", email.Body);
        Assert.Contains("RD$ 7,500.00", email.Body);
        Assert.Contains("01/06/2026", email.Body);
        await AssertNoFaultAsync<SubscriptionCreatedEvent>();
    }

    [Fact]
    public async Task Should_push_the_plan_to_the_dealer()
    {
        var subscription = Subscription();

        await PublishAndWaitAsync(subscription);

        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _dealerId).Single().Context.Message;
        Assert.Contains("Dealer Pro", push.Body);
        Assert.Contains("RD$ 7,500.00", push.Body);
        Assert.Equal(subscription.SubscriptionId.ToString(), push.Data["subscriptionId"]);
        Assert.False(await Harness.Published.Any<SendEmailCommand>());
        await AssertNoFaultAsync<SubscriptionCreatedEvent>();
    }
}
