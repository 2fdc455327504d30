using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging;

namespace OklaMq.BillingService.Sagas;

/// <summary>
/// MQ-SAGA-002, a dealer's subscription from request to activation: charge the monthly price; on
/// success the subscription is Active (<c>billing.subscription.created</c>); on failure it is PastDue
/// and the charge is tried again after each dunning interval (1 h, 1 day, 3 days); when the last
/// charge fails it is Cancelled (<c>billing.subscription.cancelled</c>, which Notification turns into
/// the dealer's email and push). A payment for it that comes when it is no longer owed (after the
/// cancellation, or a second one) is refunded. docs/sagas.md draws it.
/// </summary>
public sealed partial class SubscriptionActivationStateMachine : MassTransitStateMachine<SubscriptionActivation>
{
    // The namespace of the charges' name-based payment ids (subscription, attempt).
    private static readonly Guid ChargeIds = new("0b8f6f3e-56a1-4f0e-9a2d-6c1d7e3b9f42");

    private readonly SubscriptionActivationOptions _settings;
    private readonly SubscriptionLifecycle _subscriptions;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public SubscriptionActivationStateMachine(IOptions<SubscriptionActivationOptions> options, SubscriptionLifecycle subscriptions, TimeProvider clock, ILogger<SubscriptionActivationStateMachine> logger)
    {
        _settings = options.Value;
        _subscriptions = subscriptions;
        _clock = clock;
        _logger = logger;

        InstanceState(x => x.CurrentState);

        Event(() => Requested, e =>
        {
            e.CorrelateById(c => c.Message.SubscriptionId);
            // Stored before its first charge is asked for, so the charge's outcome always finds it.
            e.InsertOnInitial = true;
            e.SetSagaFactory(c => new SubscriptionActivation { CorrelationId = c.Message.SubscriptionId });
        });
        // Billing publishes a payment with the id of the saga it is for as correlation id (its
        // charges, and payments by hand of the subscription); every other payment finds no instance.
        Event(() => PaymentSucceeded, e => e.CorrelateById(c => c.CorrelationId ?? Guid.Empty).OnMissingInstance(m => m.Discard()));
        Event(() => PaymentFailed, e => e.CorrelateById(c => c.CorrelationId ?? Guid.Empty).OnMissingInstance(m => m.Discard()));
        Event(() => CancelledByDealer, e => e.CorrelateById(c => c.Message.SubscriptionId).OnMissingInstance(m => m.Discard()));

        Schedule(() => ChargeRetry, x => x.ChargeRetryToken, s =>
            s.Received = r => r.CorrelateById(c => c.Message.SubscriptionId).OnMissingInstance(m => m.Discard()));
        Schedule(() => Closing, x => x.ClosingToken, s =>
        {
            s.Delay = _settings.LatePaymentWindow;
            s.Received = r => r.CorrelateById(c => c.Message.SubscriptionId).OnMissingInstance(m => m.Discard());
        });

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
                    NextCharge(c.Saga);
                })
                .Publish(c => ChargeOf(c.Saga))
                .TransitionTo(Charging));

        During(Charging,
            ActivateOrRefund(When(PaymentSucceeded, c => PaysFor(c.Saga, c.Message))),
            When(PaymentFailed, c => c.Message.PaymentId == c.Saga.ChargePaymentId)
                .Then(c => c.Saga.LastFailureReason = c.Message.FailureReason)
                .IfElse(c => c.Saga.Attempt < _settings.Charges,
                    dunning => dunning
                        .ThenAsync(c => _subscriptions.MarkPastDueAsync(c.Saga.CorrelationId))
                        .Then(c => c.Saga.NextChargeAt = _clock.GetUtcNow().UtcDateTime + DunningInterval(c.Saga))
                        .Schedule(ChargeRetry, c => new RetrySubscriptionCharge { SubscriptionId = c.Saga.CorrelationId, Attempt = c.Saga.Attempt + 1 }, c => DunningInterval(c.Saga))
                        .TransitionTo(PastDue),
                    giveUp => giveUp
                        .ThenAsync(CancelAsync)
                        .Schedule(Closing, c => CloseOf(c.Saga))
                        .TransitionTo(Cancelled)),
            When(CancelledByDealer)
                .Then(c => c.Saga.CancelledAt = c.Message.CancelledAt)
                .Schedule(Closing, c => CloseOf(c.Saga))
                .TransitionTo(Cancelled),
            Ignore(Requested));

        During(PastDue,
            When(ChargeRetry.Received)
                .Then(c =>
                {
                    c.Saga.NextChargeAt = null;
                    NextCharge(c.Saga);
                })
                .Publish(c => ChargeOf(c.Saga))
                .TransitionTo(Charging),
            // Paid by hand before the next charge.
            ActivateOrRefund(When(PaymentSucceeded, c => PaysFor(c.Saga, c.Message))
                .Unschedule(ChargeRetry)
                .Then(c => c.Saga.NextChargeAt = null)),
            When(CancelledByDealer)
                .Unschedule(ChargeRetry)
                .Then(c =>
                {
                    c.Saga.NextChargeAt = null;
                    c.Saga.CancelledAt = c.Message.CancelledAt;
                })
                .Schedule(Closing, c => CloseOf(c.Saga))
                .TransitionTo(Cancelled),
            // A payment by hand that was declined: the next charge stays as scheduled.
            Ignore(PaymentFailed),
            Ignore(Requested));

        During(Activated,
            Refund(When(PaymentSucceeded, c => PaysFor(c.Saga, c.Message)), "The subscription was already paid."),
            When(Closing.Received).Finalize(),
            Ignore(PaymentFailed),
            // Cancelling an active subscription is the subscription's business, not its activation's.
            Ignore(CancelledByDealer),
            Ignore(Requested));

        During(Cancelled,
            Refund(When(PaymentSucceeded, c => PaysFor(c.Saga, c.Message)), "The subscription was cancelled before this payment arrived."),
            When(Closing.Received).Finalize(),
            Ignore(PaymentFailed),
            // Its own billing.subscription.cancelled, or the dealer's.
            Ignore(CancelledByDealer),
            Ignore(Requested));

        OnUnhandledEvent(IgnoreOrWait);
        SetCompletedWhenFinalized();
    }

    /// <summary>The first charge is in flight.</summary>
    public State Charging { get; private set; } = null!;
    /// <summary>A charge failed; the next one is scheduled.</summary>
    public State PastDue { get; private set; } = null!;
    /// <summary>Paid and Active; waits <c>LatePaymentWindow</c> for payments to refund.</summary>
    public State Activated { get; private set; } = null!;
    /// <summary>No charge succeeded, or the dealer cancelled; waits <c>LatePaymentWindow</c> for payments to refund.</summary>
    public State Cancelled { get; private set; } = null!;

    public Event<ActivateSubscriptionCommand> Requested { get; private set; } = null!;
    public Event<PaymentSuccessEvent> PaymentSucceeded { get; private set; } = null!;
    public Event<PaymentFailedEvent> PaymentFailed { get; private set; } = null!;
    public Event<SubscriptionCancelledEvent> CancelledByDealer { get; private set; } = null!;

    public Schedule<SubscriptionActivation, RetrySubscriptionCharge> ChargeRetry { get; private set; } = null!;
    public Schedule<SubscriptionActivation, CloseSubscriptionActivation> Closing { get; private set; } = null!;

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
                activated => activated.Schedule(Closing, c => CloseOf(c.Saga)).TransitionTo(Activated),
                cancelled => Refund(cancelled, "The subscription was cancelled before this payment arrived.")
                    .Schedule(Closing, c => CloseOf(c.Saga))
                    .TransitionTo(Cancelled));

    /// <summary>Gives the payment back: it is not owed.</summary>
    private EventActivityBinder<SubscriptionActivation, PaymentSuccessEvent> Refund(EventActivityBinder<SubscriptionActivation, PaymentSuccessEvent> binder, string reason) =>
        binder
            .Then(c => c.Saga.RefundedPayments.Add(c.Message.PaymentId))
            .Publish(c => new RefundPaymentCommand
            {
                PaymentId = c.Message.PaymentId,
                Reason = reason,
                CorrelationId = c.Saga.CorrelationId,
                RequestedAt = _clock.GetUtcNow().UtcDateTime,
            });

    private static CloseSubscriptionActivation CloseOf(SubscriptionActivation saga) => new() { SubscriptionId = saga.CorrelationId };

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
        var reason = $"No charge succeeded after {context.Saga.Attempt} attempts; the last: {context.Message.FailureReason}";
        await _subscriptions.CancelAsync(context.Saga.CorrelationId, reason, context.Message.FailedAt);
        context.Saga.CancelledAt = context.Message.FailedAt;
    }

    /// <summary>
    /// An event the current state does not expect: a duplicate, or late after the step it belonged
    /// to, is ignored with a log line. One that finds the instance inserted but its first step not
    /// yet stored (a charge's outcome racing the request that asked for it) fails, to be retried.
    /// </summary>
    private Task IgnoreOrWait(UnhandledEventContext<SubscriptionActivation> context)
    {
        if (context.CurrentState == Initial)
        {
            return context.Throw();
        }
        LogIgnored(context.Event.Name, context.Saga.CorrelationId, context.CurrentState.Name);
        return context.Ignore();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription activation {SubscriptionId} ignored {Event} in state {State}")]
    private partial void LogIgnored(string @event, Guid subscriptionId, string state);
}
