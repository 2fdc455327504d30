using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.BillingService.Sagas;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.Tests.Infrastructure;
using StackExchange.Redis;

namespace OklaMq.Tests.Specs.Sagas;

/// <summary>
/// MQ-SAGA-002 on the Redis saga repository and the inbox, with the subscription in Redis as Billing
/// keeps it and the dunning schedule under a clock the spec moves. The charges and refunds the saga
/// asks for, and the subscription's events, are read from the outbox; payments name the saga by
/// their correlation id, as Billing publishes them.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class Activating_a_subscription(LocalRedis redis)
    : SagaSpec<SubscriptionActivationStateMachine, SubscriptionActivation>(redis, "subscription-activation")
{
    private static readonly TimeSpan[] Dunning = [TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(3)];
    private const decimal MonthlyPrice = 6_500m;

    private readonly Guid _subscriptionId = Guid.NewGuid();
    private readonly Guid _dealerId = Guid.NewGuid();

    protected override IReadOnlyDictionary<string, string?> Settings =>
        Dunning.Select((interval, i) => (Key: $"{SubscriptionActivationOptions.SectionName}:DunningIntervals:{i}", Value: (string?)interval.ToString("c")))
            .ToDictionary(s => s.Key, s => s.Value);

    protected override void Configure(IServiceCollection services)
    {
        services.AddSingleton<RedisAggregateStore>().AddSingleton<SubscriptionRepository>().AddSingleton<SubscriptionLifecycle>();
        services.AddOptions<SubscriptionActivationOptions>().BindConfiguration(SubscriptionActivationOptions.SectionName);
    }

    private SubscriptionRepository Subscriptions => Services.GetRequiredService<SubscriptionRepository>();

    private DateTime Now => Scheduler.Clock.GetUtcNow().UtcDateTime;

    private static Guid Charge(Guid subscriptionId, int attempt) => SubscriptionActivationStateMachine.ChargePaymentId(subscriptionId, attempt);

    /// <summary>The subscription request: the subscription stored Pending, and the command that starts the saga.</summary>
    private async Task RequestAsync()
    {
        await Subscriptions.AddAsync(new Subscription
        {
            Id = _subscriptionId,
            DealerId = _dealerId,
            PlanId = "pro",
            PlanName = "Profesional",
            MonthlyPrice = MonthlyPrice,
            Status = SubscriptionStatuses.Pending,
            StartDate = Now,
        }, Guid.NewGuid());
        await PublishAndWaitAsync(Activate());
    }

    private ActivateSubscriptionCommand Activate() => new()
    {
        SubscriptionId = _subscriptionId,
        DealerId = _dealerId,
        PlanId = "pro",
        PlanName = "Profesional",
        MonthlyPrice = MonthlyPrice,
        Gateway = "Azul",
        RequestedAt = Now,
    };

    private Task PaidAsync(Guid paymentId, decimal amount = MonthlyPrice) =>
        PublishAndWaitAsync(new PaymentSuccessEvent
        {
            PaymentId = paymentId,
            UserId = _dealerId,
            DealerId = _dealerId,
            Amount = amount,
            PaymentType = PaymentValues.Subscription,
            Gateway = "Azul",
            TransactionId = "txn_spec",
            ProcessedAt = Now,
        }, context => context.CorrelationId = _subscriptionId);

    private Task DeclinedAsync(Guid paymentId) =>
        PublishAndWaitAsync(new PaymentFailedEvent
        {
            PaymentId = paymentId,
            UserId = _dealerId,
            Amount = MonthlyPrice,
            FailureReason = "Fondos insuficientes",
            Gateway = "Azul",
            FailedAt = Now,
        }, context => context.CorrelationId = _subscriptionId);

    private async Task<Subscription> SubscriptionAsync() => (await Subscriptions.FindAsync(_subscriptionId))!.Value;

    private async Task<IReadOnlyList<Guid>> ChargesRequestedAsync() =>
        (await OutboxAsync()).Where(m => m.RoutingKey == RoutingKeys.RequestPayment).Select(m => m.Body.GetProperty("paymentId").GetGuid()).ToList();

    private async Task<IReadOnlyList<Guid>> RefundsRequestedAsync() =>
        (await OutboxAsync()).Where(m => m.RoutingKey == RoutingKeys.RefundPayment).Select(m => m.Body.GetProperty("paymentId").GetGuid()).ToList();

    /// <summary>Every charge fails, through the whole dunning schedule.</summary>
    private async Task DunnedToCancellationAsync()
    {
        await RequestAsync();
        for (var attempt = 1; attempt <= Dunning.Length; attempt++)
        {
            await DeclinedAsync(Charge(_subscriptionId, attempt));
            await StoredInStateAsync(_subscriptionId, m => m.PastDue);
            await AdvanceAsync(Dunning[attempt - 1]);
            await StoredInStateAsync(_subscriptionId, m => m.Charging);
        }
        await DeclinedAsync(Charge(_subscriptionId, Dunning.Length + 1));
        await StoredInStateAsync(_subscriptionId, m => m.Cancelled);
    }

    [Fact]
    public async Task Should_charge_the_monthly_price_once_the_subscription_is_stored()
    {
        await RequestAsync();

        var stored = await StoredInStateAsync(_subscriptionId, m => m.Charging);
        Assert.Equal(1, stored.Attempt);
        var request = Assert.Single(await OutboxAsync());
        Assert.Equal(RoutingKeys.RequestPayment, request.RoutingKey);
        Assert.Equal(_subscriptionId, request.Body.GetProperty("correlationId").GetGuid());
        Assert.Equal(Charge(_subscriptionId, 1), request.Body.GetProperty("paymentId").GetGuid());
        Assert.Equal(_dealerId, request.Body.GetProperty("userId").GetGuid());
        Assert.Equal(MonthlyPrice, request.Body.GetProperty("amount").GetDecimal());
        Assert.Equal(PaymentValues.Subscription, request.Body.GetProperty("paymentType").GetString());
        await AssertNoFaultAsync<ActivateSubscriptionCommand>();
    }

    [Fact]
    public async Task Should_activate_the_subscription_when_the_charge_succeeds()
    {
        await RequestAsync();
        var paidAt = Now;

        await PaidAsync(Charge(_subscriptionId, 1));

        var stored = await StoredInStateAsync(_subscriptionId, m => m.Activated);
        Assert.Equal(Charge(_subscriptionId, 1), stored.PaidWith);
        var subscription = await SubscriptionAsync();
        Assert.Equal(SubscriptionStatuses.Active, subscription.Status);
        Assert.Equal(paidAt, subscription.ActivatedAt);
        var created = Assert.Single(await OutboxAsync(), m => m.RoutingKey == RoutingKeys.SubscriptionCreated);
        Assert.Equal(_subscriptionId, created.Body.GetProperty("subscriptionId").GetGuid());
        Assert.Equal("pro", created.Body.GetProperty("planId").GetString());
        Assert.Equal(MonthlyPrice, created.Body.GetProperty("monthlyPrice").GetDecimal());
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_retry_a_failed_charge_after_each_dunning_interval_and_activate_when_one_succeeds()
    {
        await RequestAsync();

        for (var attempt = 1; attempt <= Dunning.Length; attempt++)
        {
            var failedAt = Now;
            await DeclinedAsync(Charge(_subscriptionId, attempt));
            var pastDue = await StoredInStateAsync(_subscriptionId, m => m.PastDue);
            Assert.Equal(failedAt + Dunning[attempt - 1], pastDue.ChargeRetryDueAt);
            Assert.Equal("Fondos insuficientes", pastDue.LastFailureReason);
            Assert.Equal(SubscriptionStatuses.PastDue, (await SubscriptionAsync()).Status);

            await AdvanceAsync(Dunning[attempt - 1] - TimeSpan.FromSeconds(1));
            Assert.Equal(attempt, (await ChargesRequestedAsync()).Count);
            await AdvanceAsync(TimeSpan.FromSeconds(1));

            var charging = await StoredInStateAsync(_subscriptionId, m => m.Charging);
            Assert.Equal(attempt + 1, charging.Attempt);
            Assert.Null(charging.ChargeRetryDueAt);
        }
        Assert.Equal(Enumerable.Range(1, Dunning.Length + 1).Select(a => Charge(_subscriptionId, a)), await ChargesRequestedAsync());

        await PaidAsync(Charge(_subscriptionId, Dunning.Length + 1));

        await StoredInStateAsync(_subscriptionId, m => m.Activated);
        Assert.Equal(SubscriptionStatuses.Active, (await SubscriptionAsync()).Status);
        await AssertNoFaultAsync<SubscriptionChargeRetryDue>();
    }

    [Fact]
    public async Task Should_cancel_the_subscription_when_the_last_charge_fails()
    {
        await DunnedToCancellationAsync();

        var stored = await StoredInStateAsync(_subscriptionId, m => m.Cancelled);
        Assert.NotNull(stored.CancelledAt);
        Assert.Null(stored.ChargeRetryToken);
        Assert.Empty(Scheduler.Pending);
        var subscription = await SubscriptionAsync();
        Assert.Equal(SubscriptionStatuses.Cancelled, subscription.Status);
        Assert.Null(subscription.ActivatedAt);
        var cancelled = Assert.Single(await OutboxAsync(), m => m.RoutingKey == RoutingKeys.SubscriptionCancelled);
        Assert.Contains("4 intentos", cancelled.Body.GetProperty("cancellationReason").GetString());
        Assert.Equal(stored.CancelledAt, cancelled.Body.GetProperty("effectiveEndDate").GetDateTime());
        Assert.DoesNotContain(RoutingKeys.SubscriptionCreated, (await OutboxAsync()).Select(m => m.RoutingKey));
        await AssertNoFaultAsync<PaymentFailedEvent>();
    }

    [Fact]
    public async Task Should_refund_a_payment_that_arrives_after_the_cancellation()
    {
        await DunnedToCancellationAsync();
        var late = Guid.NewGuid();

        await PaidAsync(late);

        var stored = await StoredInStateAsync(_subscriptionId, m => m.Cancelled);
        Assert.Equal([late], stored.RefundedPayments);
        Assert.Equal([late], await RefundsRequestedAsync());
        Assert.Equal(SubscriptionStatuses.Cancelled, (await SubscriptionAsync()).Status);
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_activate_when_paid_by_hand_while_past_due_and_ignore_the_retry_that_still_arrives()
    {
        await RequestAsync();
        await DeclinedAsync(Charge(_subscriptionId, 1));
        await StoredInStateAsync(_subscriptionId, m => m.PastDue);
        var byHand = Guid.NewGuid();

        await PaidAsync(byHand);
        await AdvanceAsync(Dunning[0]);
        Assert.Empty(Scheduler.Pending);

        var stored = await StoredInStateAsync(_subscriptionId, m => m.Activated);
        Assert.Equal(byHand, stored.PaidWith);
        Assert.Null(stored.ChargeRetryDueAt);
        Assert.Equal([Charge(_subscriptionId, 1)], await ChargesRequestedAsync());
        Assert.Equal(SubscriptionStatuses.Active, (await SubscriptionAsync()).Status);
        await AssertNoFaultAsync<SubscriptionChargeRetryDue>();
    }

    [Fact]
    public async Task Should_refund_a_second_payment()
    {
        await RequestAsync();
        await PaidAsync(Charge(_subscriptionId, 1));
        var second = Guid.NewGuid();

        await PaidAsync(second);

        var stored = await StoredInStateAsync(_subscriptionId, m => m.Activated);
        Assert.Equal(Charge(_subscriptionId, 1), stored.PaidWith);
        Assert.Equal([second], await RefundsRequestedAsync());
    }

    [Fact]
    public async Task Should_not_refund_the_payment_that_activated_it_nor_one_twice_when_they_come_again_after_the_inbox_forgot_them()
    {
        await RequestAsync();
        await PaidAsync(Charge(_subscriptionId, 1));
        var second = Guid.NewGuid();
        await PaidAsync(second);
        await StoredInStateAsync(_subscriptionId, m => m.Activated);
        // The inbox keeps a processed mark for a day; a replay a week later finds none.
        var inbox = Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        foreach (var key in new[] { Charge(_subscriptionId, 1), second }.Select(id => $"okla:inbox:{SagaName}-saga:billing.payment.success:{id}"))
        {
            Assert.True(await inbox.KeyDeleteAsync(key), $"No inbox mark {key}.");
        }

        await PaidAsync(Charge(_subscriptionId, 1));
        await PaidAsync(second);

        var stored = await StoredInStateAsync(_subscriptionId, m => m.Activated);
        Assert.Equal([second], stored.RefundedPayments);
        Assert.Equal([second], await RefundsRequestedAsync());
    }

    [Fact]
    public async Task Should_stop_dunning_when_the_dealer_cancels()
    {
        await RequestAsync();
        await DeclinedAsync(Charge(_subscriptionId, 1));
        await StoredInStateAsync(_subscriptionId, m => m.PastDue);

        await PublishAndWaitAsync(new SubscriptionCancelledEvent
        {
            SubscriptionId = _subscriptionId,
            DealerId = _dealerId,
            CancellationReason = "Ya no lo necesito",
            CancelledAt = Now,
            EffectiveEndDate = Now,
        });
        await AdvanceAsync(Dunning[0]);

        Assert.Empty(Scheduler.Pending);
        await StoredInStateAsync(_subscriptionId, m => m.Cancelled);
        Assert.Equal([Charge(_subscriptionId, 1)], await ChargesRequestedAsync());
    }

    [Fact]
    public async Task Should_refund_the_charge_when_the_dealer_cancelled_while_it_was_in_flight()
    {
        await RequestAsync();
        // The dealer's cancellation is stored; its event has not reached the saga yet.
        var stored = (await Subscriptions.FindAsync(_subscriptionId))!;
        await Subscriptions.UpdateAsync(stored, stored.Value with { Status = SubscriptionStatuses.Cancelled, CancelledAt = Now }, Guid.NewGuid());

        await PaidAsync(Charge(_subscriptionId, 1));

        await StoredInStateAsync(_subscriptionId, m => m.Cancelled);
        Assert.Equal([Charge(_subscriptionId, 1)], await RefundsRequestedAsync());
        Assert.Equal(SubscriptionStatuses.Cancelled, (await SubscriptionAsync()).Status);
        Assert.DoesNotContain(RoutingKeys.SubscriptionCreated, (await OutboxAsync()).Select(m => m.RoutingKey));
    }

    [Fact]
    public async Task Should_count_a_failure_once_when_it_is_delivered_twice()
    {
        await RequestAsync();

        await DeclinedAsync(Charge(_subscriptionId, 1));
        await DeclinedAsync(Charge(_subscriptionId, 1));

        var stored = await StoredInStateAsync(_subscriptionId, m => m.PastDue);
        Assert.Equal(1, stored.Attempt);
        Assert.Single(Scheduler.Pending);
        await AssertNoFaultAsync<PaymentFailedEvent>();
    }

    [Fact]
    public async Task Should_charge_once_for_a_request_delivered_twice()
    {
        await RequestAsync();
        await PublishAndWaitAsync(Activate());

        var stored = await StoredInStateAsync(_subscriptionId, m => m.Charging);
        Assert.Equal(1, stored.Version);
        Assert.Single(await ChargesRequestedAsync());
    }

    [Fact]
    public async Task Should_not_take_a_payment_that_is_not_the_monthly_price_nor_one_of_another_saga()
    {
        await RequestAsync();

        await PaidAsync(Guid.NewGuid(), amount: 10m);
        await PublishAndWaitAsync(new PaymentSuccessEvent
        {
            PaymentId = Guid.NewGuid(),
            UserId = _dealerId,
            Amount = MonthlyPrice,
            PaymentType = PaymentValues.Subscription,
            ProcessedAt = Now,
        }, context => context.CorrelationId = Guid.NewGuid());

        await StoredInStateAsync(_subscriptionId, m => m.Charging);
        Assert.Equal(SubscriptionStatuses.Pending, (await SubscriptionAsync()).Status);
        Assert.Empty(await RefundsRequestedAsync());
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }
}
