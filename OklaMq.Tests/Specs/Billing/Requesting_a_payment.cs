using OklaMq.BillingService.Model;
using OklaMq.Contracts.Commands;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Billing;

/// <summary>A saga asks Billing to charge (billing.payment.request): one payment per payment id, its outcome published with the saga's id.</summary>
[Collection(RedisCollection.Name)]
public sealed class Requesting_a_payment(LocalRedis redis) : BillingSpec(redis)
{
    private readonly Guid _sagaId = Guid.NewGuid();

    private RequestPaymentCommand Request(Guid? paymentId = null) => new()
    {
        PaymentId = paymentId ?? Guid.NewGuid(),
        UserId = PayerId,
        Amount = 57_500m,
        PaymentType = PaymentValues.Deposit,
        Gateway = PaymentValues.Azul,
        CorrelationId = _sagaId,
        RequestedAt = DateTime.UtcNow,
    };

    [Fact]
    public async Task Should_store_the_payment_under_the_requested_id_and_publish_its_success_with_the_sagas_id()
    {
        var request = Request();

        await PublishAndWaitAsync(request);

        var payment = await StoredPaymentAsync(request.PaymentId);
        Assert.Equal(PaymentStatuses.Succeeded, payment.Status);
        Assert.Equal(57_500m, payment.Amount);
        Assert.StartsWith("txn_", payment.TransactionId);
        var success = Assert.Single(await OutboxAsync());
        Assert.Equal("billing.payment.success", success.RoutingKey);
        Assert.Equal(_sagaId, success.CorrelationId);
        Assert.Equal(request.PaymentId, success.Body.GetProperty("paymentId").GetGuid());
        Assert.Equal(PaymentValues.Deposit, success.Body.GetProperty("paymentType").GetString());
        await AssertNoFaultAsync<RequestPaymentCommand>();
    }

    [Fact]
    public async Task Should_publish_a_failure_when_the_payers_card_declines()
    {
        await Declines.SetAsync(new(PayerId, "Fondos insuficientes", Times: null));
        var request = Request();

        await PublishAndWaitAsync(request);

        var payment = await StoredPaymentAsync(request.PaymentId);
        Assert.Equal(PaymentStatuses.Failed, payment.Status);
        Assert.Equal("Fondos insuficientes", payment.FailureReason);
        var failure = Assert.Single(await OutboxAsync());
        Assert.Equal("billing.payment.failed", failure.RoutingKey);
        Assert.Equal(_sagaId, failure.CorrelationId);
        Assert.Equal("Fondos insuficientes", failure.Body.GetProperty("failureReason").GetString());
        await AssertNoFaultAsync<RequestPaymentCommand>();
    }

    [Fact]
    public async Task Should_charge_once_when_asked_again_with_the_same_payment_id()
    {
        var paymentId = Guid.NewGuid();
        // A card that declines once: a second charge would be approved, and would show.
        await Declines.SetAsync(new(PayerId, "Tarjeta vencida", Times: 1));

        await PublishAndWaitAsync(Request(paymentId));
        await PublishAndWaitAsync(Request(paymentId));

        Assert.Equal(PaymentStatuses.Failed, (await StoredPaymentAsync(paymentId)).Status);
        Assert.Single(await OutboxAsync());
        await AssertNoFaultAsync<RequestPaymentCommand>();
    }
}
