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
public sealed class Receiving_a_payment(LocalRedis redis) : ConsumerSpec(redis)
{
    private readonly Guid _payerId = Guid.NewGuid();

    protected override void Configure(IBusRegistrationConfigurator bus, IServiceCollection services)
    {
        bus.AddConsumer<PaymentSuccessNotifier, PaymentSuccessNotifierDefinition>();
        services.AddSingleton<UserDirectory>().AddSingleton<UserNotifier>();
    }

    private PaymentSuccessEvent Payment(decimal amount = 4_500m, string currency = "DOP") => new()
    {
        PaymentId = Guid.NewGuid(),
        UserId = _payerId,
        Amount = amount,
        Currency = currency,
        PaymentType = "Featured",
        Gateway = "Azul",
        TransactionId = "AZ-778812",
        ProcessedAt = new DateTime(2026, 3, 14, 15, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public async Task Should_email_a_receipt_to_a_known_payer()
    {
        await Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_payerId, "pedro@example.test", "Pedro Santos", "Individual", Verified: true));

        await PublishAndWaitAsync(Payment());

        var email = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _payerId).Single().Context.Message;
        Assert.Equal(PaymentSuccessNotifier.Template, email.Template);
        Assert.Equal("pedro@example.test", email.Email);
        Assert.Contains("RD$ 4,500.00", email.Body);
        Assert.Contains("publicación destacada", email.Body);
        Assert.Contains("AZ-778812", email.Body);
        Assert.Contains("14/03/2026", email.Body);
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_push_the_payment_to_the_payer()
    {
        var payment = Payment();

        await PublishAndWaitAsync(payment);

        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _payerId).Single().Context.Message;
        Assert.Equal(PaymentSuccessNotifier.Template, push.Template);
        Assert.Contains("RD$ 4,500.00", push.Body);
        Assert.Equal(payment.PaymentId.ToString(), push.Data["paymentId"]);
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_show_a_foreign_currency_as_its_code()
    {
        await PublishAndWaitAsync(Payment(amount: 120m, currency: "USD"));

        var push = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _payerId).Single().Context.Message;
        Assert.Contains("USD 120.00", push.Body);
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_push_only_to_an_unknown_payer()
    {
        await PublishAndWaitAsync(Payment());

        Assert.True(await Harness.Published.Any<SendPushCommand>(x => x.Context.Message.RecipientUserId == _payerId));
        Assert.False(await Harness.Published.Any<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _payerId));
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_notify_once_when_the_event_repeats()
    {
        await Services.GetRequiredService<UserDirectory>().SaveAsync(new UserProfile(_payerId, "pedro@example.test", "Pedro Santos", "Individual", Verified: true));
        var payment = Payment();

        await Harness.Bus.Publish(payment);
        await Harness.Bus.Publish(payment);
        await Harness.InactivityTask;

        var emails = Harness.Published.Select<SendEmailCommand>(x => x.Context.Message.RecipientUserId == _payerId).Select(x => x.Context.Message.NotificationId).ToList();
        var pushes = Harness.Published.Select<SendPushCommand>(x => x.Context.Message.RecipientUserId == _payerId).Select(x => x.Context.Message.NotificationId).ToList();
        // The inbox runs the consumer once per message.
        Assert.Single(emails);
        Assert.Single(pushes);
        Assert.NotEqual(emails[0], pushes[0]);
    }
}
