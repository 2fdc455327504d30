using MassTransit;
using MassTransit.Testing;
using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.Contracts.Commands;
using OklaMq.ServiceDefaults.Messaging.Recoverability;
using OklaMq.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace OklaMq.Tests.Specs.Billing;

/// <summary>A saga gives a payment back (billing.payment.refund): once, with billing.payment.refunded carrying the saga's id.</summary>
[Collection(RedisCollection.Name)]
public sealed class Refunding_a_payment(LocalRedis redis) : BillingSpec(redis)
{
    private readonly Guid _sagaId = Guid.NewGuid();

    private async Task<Payment> ChargeAsync(bool decline = false) =>
        await Services.GetRequiredService<PaymentProcessor>().ChargeAsync(
            new Charge(PayerId, null, 6_500m, PaymentValues.Dop, PaymentValues.Subscription, PaymentValues.Stripe, SimulateDecline: decline), Guid.NewGuid());

    private RefundPaymentCommand Refund(Guid paymentId) => new()
    {
        PaymentId = paymentId,
        Reason = "The subscription was cancelled before this payment arrived.",
        CorrelationId = _sagaId,
        RequestedAt = DateTime.UtcNow,
    };

    [Fact]
    public async Task Should_mark_the_payment_refunded_and_publish_the_refund_with_the_sagas_id()
    {
        var payment = await ChargeAsync();

        await PublishAndWaitAsync(Refund(payment.Id));

        var refunded = await StoredPaymentAsync(payment.Id);
        Assert.Equal(PaymentStatuses.Refunded, refunded.Status);
        Assert.Equal("The subscription was cancelled before this payment arrived.", refunded.RefundReason);
        Assert.NotNull(refunded.RefundedAt);
        var refund = (await OutboxAsync()).Single(m => m.RoutingKey == "billing.payment.refunded");
        Assert.Equal(_sagaId, refund.CorrelationId);
        Assert.Equal(payment.Id, refund.Body.GetProperty("paymentId").GetGuid());
        Assert.Equal(6_500m, refund.Body.GetProperty("amount").GetDecimal());
        await AssertNoFaultAsync<RefundPaymentCommand>();
    }

    [Fact]
    public async Task Should_refund_once_when_asked_twice()
    {
        var payment = await ChargeAsync();

        await PublishAndWaitAsync(Refund(payment.Id));
        await PublishAndWaitAsync(Refund(payment.Id) with { Reason = "Again" });

        Assert.Equal("The subscription was cancelled before this payment arrived.", (await StoredPaymentAsync(payment.Id)).RefundReason);
        Assert.Single(await OutboxAsync(), m => m.RoutingKey == "billing.payment.refunded");
        await AssertNoFaultAsync<RefundPaymentCommand>();
    }

    [Fact]
    public async Task Should_leave_a_declined_payment_as_it_is()
    {
        var payment = await ChargeAsync(decline: true);

        await PublishAndWaitAsync(Refund(payment.Id));

        Assert.Equal(PaymentStatuses.Failed, (await StoredPaymentAsync(payment.Id)).Status);
        Assert.DoesNotContain(await OutboxAsync(), m => m.RoutingKey == "billing.payment.refunded");
        await AssertNoFaultAsync<RefundPaymentCommand>();
    }

    [Fact]
    public async Task Should_refuse_to_refund_a_payment_that_does_not_exist_as_invalid()
    {
        var unknown = Guid.NewGuid();

        await Harness.Bus.Publish(Refund(unknown));

        var fault = await Harness.Published.SelectAsync<Fault<RefundPaymentCommand>>().First();
        var exception = Assert.Single(fault.Context.Message.Exceptions);
        Assert.Equal(typeof(InvalidMessageException).FullName, exception.ExceptionType);
        Assert.Contains($"Payment {unknown} does not exist", exception.Message);
        Assert.Empty(await OutboxAsync());
    }
}
