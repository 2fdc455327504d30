using MassTransit;
using Microsoft.Extensions.Options;
using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.BillingService.Sagas;

/// <summary>
/// MQ-SAGA-002 (docs/sagas.md), a dealer's subscription from request to activation: charge the
/// monthly price; on success the subscription is Active (<c>billing.subscription.created</c>); on
/// failure it is PastDue and the charge is tried again after each dunning interval (1 h, 1 day,
/// 3 days); when the last charge fails it is Cancelled (<c>billing.subscription.cancelled</c>, which
/// Notification turns into the dealer's email and push). Activated and Cancelled finish the saga; a
/// payment for the subscription that arrives while the finished instance is kept (a payment by hand
/// that crossed the cancellation, a second one) is refunded.
/// </summary>
public sealed class SubscriptionActivationStateMachine : DurableStateMachine<SubscriptionActivation>
{
    // The namespace of the charges' name-based payment ids (subscription, attempt).
    private static readonly Guid ChargeIds = new("0b8f6f3e-56a1-4f0e-9a2d-6c1d7e3b9f42");

    private readonly SubscriptionActivationOptions _settings;
    private readonly SubscriptionLifecycle _subscriptions;
    private readonly TimeProvider _clock;

    public SubscriptionActivationStateMachine(DurableSaga<SubscriptionActivation> saga, IOptions<SubscriptionActivationOptions> options, SubscriptionLifecycle subscriptions, TimeProvider clock, ILoggerFactory loggers)
        : base(saga, loggers)
    {
        _settings = options.Value;
        _subscriptions = subscriptions;
        _clock = clock;

        Event(() => Requested, e => e.CorrelateById(c => c.Message.SubscriptionId));
        // A payment names the saga it is for by its correlation id (Billing copies it from the charge
        // request, or the payment by hand of the subscription); every other payment finds no instance.
        Event(() => PaymentSucceeded, e => e.CorrelateById(c => c.CorrelationId ?? Guid.Empty).OnMissingInstance(IgnoreForeign));
        Event(() => PaymentFailed, e => e.CorrelateById(c => c.CorrelationId ?? Guid.Empty).OnMissingInstance(IgnoreForeign));
        Event(() => CancelledByDealer, e => e.CorrelateById(c => c.Message.SubscriptionId).OnMissingInstance(IgnoreMissing));
        Schedule(() => ChargeRetry, x => x.ChargeRetryToken, s =>
            s.Received = e => e.CorrelateById(c => c.Message.SubscriptionId).OnMissingInstance(IgnoreMissing));
        Finished(Activated, Cancelled);

        Initially(
            When(Requested)
                .Then(c =>
                {
                    var request = c.Message;
                    c.Saga.DealerId = request.DealerId;
                    c.Saga.PlanId = request.PlanId;
                    c.Saga.MonthlyPrice = request.MonthlyPrice;
                    c.Saga.Gateway = request.Gateway;
                    c.Saga.RequestedAt = request.RequestedAt;
                })
                .Then(c => NextCharge(c.Saga))
                .PublishOnCommit(c => ChargeOf(c.Saga))
                .TransitionTo(Charging));

        During(Charging,
            ActivateOrRefund(When(PaymentSucceeded, c => PaysFor(c.Saga, c.Message))),
            When(PaymentFailed, c => c.Message.PaymentId == c.Saga.ChargePaymentId)
                .Then(c => c.Saga.LastFailureReason = c.Message.FailureReason)
                .IfElse(c => c.Saga.Attempt < _settings.Charges,
                    dunning => dunning
                        .ThenAsync(c => _subscriptions.MarkPastDueAsync(c.Saga.CorrelationId))
                        .Then(c => c.Saga.ChargeRetryDueAt = _clock.GetUtcNow().UtcDateTime + DunningInterval(c.Saga))
                        // Due by the service's clock (MassTransit's own Schedule overloads read DateTime.UtcNow).
                        .Schedule(ChargeRetry, c => new SubscriptionChargeRetryDue(c.Saga.CorrelationId), c => c.Saga.ChargeRetryDueAt!.Value)
                        .TransitionTo(PastDue),
                    lastCharge => lastCharge
                        .ThenAsync(CancelAsync)
                        .TransitionTo(Cancelled)),
            When(CancelledByDealer)
                .Then(c => c.Saga.CancelledAt = c.Message.CancelledAt)
                .TransitionTo(Cancelled));

        During(PastDue,
            When(ChargeRetry.Received)
                .Then(c => c.Saga.ChargeRetryDueAt = null)
                .Then(c => NextCharge(c.Saga))
                .PublishOnCommit(c => ChargeOf(c.Saga))
                .TransitionTo(Charging),
            // Paid by hand before the next charge.
            ActivateOrRefund(When(PaymentSucceeded, c => PaysFor(c.Saga, c.Message))
                .Unschedule(ChargeRetry)
                .Then(c => c.Saga.ChargeRetryDueAt = null)),
            When(CancelledByDealer)
                .Unschedule(ChargeRetry)
                .Then(c =>
                {
                    c.Saga.ChargeRetryDueAt = null;
                    c.Saga.CancelledAt = c.Message.CancelledAt;
                })
                .TransitionTo(Cancelled),
            // A payment by hand that was declined: the next charge stays as scheduled.
            Ignore(PaymentFailed));

        // Finished, and kept for a while (Messaging:Sagas:FinishedRetention): a payment that arrives now is not owed.
        During(Activated,
            Refund(When(PaymentSucceeded, c => IsUnowed(c.Saga, c.Message)), "The subscription was already paid."),
            // Cancelling an active subscription is the subscription's business, not its activation's.
            Ignore(CancelledByDealer));
        During(Cancelled,
            Refund(When(PaymentSucceeded, c => IsUnowed(c.Saga, c.Message)), "The subscription was cancelled before this payment arrived."),
            // Its own billing.subscription.cancelled coming back, or the dealer's.
            Ignore(CancelledByDealer));
    }

    /// <summary>A charge is in flight (the first, or a dunning retry).</summary>
    public State Charging { get; private set; } = null!;
    /// <summary>A charge failed; the next one is scheduled.</summary>
    public State PastDue { get; private set; } = null!;
    /// <summary>Paid: the subscription is Active. Finished.</summary>
    public State Activated { get; private set; } = null!;
    /// <summary>No charge succeeded, or the dealer cancelled. Finished.</summary>
    public State Cancelled { get; private set; } = null!;

    public Event<ActivateSubscriptionCommand> Requested { get; private set; } = null!;
    public Event<PaymentSuccessEvent> PaymentSucceeded { get; private set; } = null!;
    public Event<PaymentFailedEvent> PaymentFailed { get; private set; } = null!;
    public Event<SubscriptionCancelledEvent> CancelledByDealer { get; private set; } = null!;

    public Schedule<SubscriptionActivation, SubscriptionChargeRetryDue> ChargeRetry { get; private set; } = null!;

    /// <summary>The payment id of a subscription's n-th charge: the same however often that charge is asked for.</summary>
    public static Guid ChargePaymentId(Guid subscriptionId, int attempt) => NameBasedIds.Create(ChargeIds, $"{subscriptionId:N}|{attempt}");

    private static void NextCharge(SubscriptionActivation saga)
    {
        saga.Attempt++;
        saga.ChargePaymentId = ChargePaymentId(saga.CorrelationId, saga.Attempt);
    }

    /// <summary>A payment of the monthly price by the dealer; any other payment naming this saga is not taken for it.</summary>
    private static bool PaysFor(SubscriptionActivation saga, PaymentSuccessEvent payment) =>
        payment.PaymentType == PaymentValues.Subscription && payment.UserId == saga.DealerId && payment.Amount >= saga.MonthlyPrice;

    /// <summary>
    /// A payment for the subscription that a finished saga gives back: not the one that activated it,
    /// nor one already refunded (a copy that comes after the inbox forgot the first, or a replay).
    /// </summary>
    private static bool IsUnowed(SubscriptionActivation saga, PaymentSuccessEvent payment) =>
        PaysFor(saga, payment) && payment.PaymentId != saga.PaidWith && !saga.RefundedPayments.Contains(payment.PaymentId);

    private TimeSpan DunningInterval(SubscriptionActivation saga) => _settings.EffectiveDunningIntervals[saga.Attempt - 1];

    private RequestPaymentCommand ChargeOf(SubscriptionActivation saga) => new()
    {
        PaymentId = saga.ChargePaymentId!.Value,
        UserId = saga.DealerId,
        DealerId = saga.DealerId,
        Amount = saga.MonthlyPrice,
        PaymentType = PaymentValues.Subscription,
        Gateway = saga.Gateway,
        CorrelationId = saga.CorrelationId,
        RequestedAt = _clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>
    /// Activates the subscription with the payment; if the dealer cancelled it meanwhile (their
    /// billing.subscription.cancelled is on its way), gives the payment back instead.
    /// </summary>
    private EventActivityBinder<SubscriptionActivation, PaymentSuccessEvent> ActivateOrRefund(EventActivityBinder<SubscriptionActivation, PaymentSuccessEvent> binder) =>
        binder
            .ThenAsync(ActivateAsync)
            .IfElse(c => c.Saga.ActivatedAt is not null,
                activated => activated.TransitionTo(Activated),
                cancelled => Refund(cancelled, "The subscription was cancelled before this payment arrived.").TransitionTo(Cancelled));

    /// <summary>Gives the payment back (billing.payment.refund, once this transition commits): it is not owed.</summary>
    private EventActivityBinder<SubscriptionActivation, PaymentSuccessEvent> Refund(EventActivityBinder<SubscriptionActivation, PaymentSuccessEvent> binder, string reason) =>
        binder
            .Then(c => c.Saga.RefundedPayments.Add(c.Message.PaymentId))
            .PublishOnCommit(c => new RefundPaymentCommand
            {
                PaymentId = c.Message.PaymentId,
                Reason = reason,
                CorrelationId = c.Saga.CorrelationId,
                RequestedAt = _clock.GetUtcNow().UtcDateTime,
            });

    /// <summary>
    /// Missing-instance policy of the payment events: most payments are not a subscription's (deposits,
    /// listings), so one without an instance is ignored at once, counted as a missing instance.
    /// (Workaround, reported: <c>IgnoreMissing</c> first reads the instance again for up to
    /// <c>ConflictRetryLimit</c> retries, ~15 s, which holds every other saga's payment that long.)
    /// </summary>
    private IPipe<ConsumeContext<T>> IgnoreForeign<T>(IMissingInstanceConfigurator<SubscriptionActivation, T> missing) where T : class =>
        missing.Execute(_ => SagaTelemetry.Ignore(Saga, SagaTelemetry.Reasons.MissingInstance, typeof(T).Name));

    private async Task ActivateAsync(BehaviorContext<SubscriptionActivation, PaymentSuccessEvent> context)
    {
        var paidAt = context.Message.ProcessedAt;
        if (await _subscriptions.ActivateAsync(context.Saga.CorrelationId, paidAt))
        {
            context.Saga.ActivatedAt = paidAt;
            context.Saga.PaidWith = context.Message.PaymentId;
        }
        else
        {
            context.Saga.CancelledAt ??= paidAt;
        }
    }

    private async Task CancelAsync(BehaviorContext<SubscriptionActivation, PaymentFailedEvent> context)
    {
        // The dealer reads it (Notification's email).
        var reason = $"Ningún cobro se completó en {context.Saga.Attempt} intentos; el último: {context.Message.FailureReason}";
        await _subscriptions.CancelAsync(context.Saga.CorrelationId, reason, context.Message.FailedAt);
        context.Saga.CancelledAt = context.Message.FailedAt;
    }
}
