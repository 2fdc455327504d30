using MassTransit;
using Microsoft.Extensions.Options;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Messaging.Sagas;
using OklaMq.VehiclesService.Infrastructure;

namespace OklaMq.VehiclesService.Sagas;

/// <summary>
/// MQ-SAGA-001 (docs/sagas.md), a vehicle's sale from a buyer's reservation. The reservation holds
/// the vehicle from the HTTP request on (no other buyer can reserve it); the saga asks Billing for the
/// deposit; once paid (<c>billing.payment.success</c>) the vehicle is Reserved
/// (<c>vehicle.status.changed</c>); the dealer's confirmation sells it (<c>vehicle.sold</c>).
/// Compensation: a declined deposit releases the vehicle; no confirmation within the reservation
/// window (48 h) makes the vehicle Active again and refunds the deposit.
/// </summary>
public sealed partial class VehicleSaleStateMachine : DurableStateMachine<VehicleSale>
{
    public const string DepositPaymentType = "Deposit";

    private readonly ILogger _logger;

    public VehicleSaleStateMachine(DurableSaga<VehicleSale> saga, IOptions<VehicleSaleOptions> options, VehicleSales vehicles, TimeProvider clock, ILoggerFactory loggers)
        : base(saga, loggers)
    {
        var settings = options.Value;
        _logger = loggers.CreateLogger<VehicleSaleStateMachine>();

        Event(() => Requested, e => e.CorrelateById(c => c.Message.ReservationId));
        // The deposit's payment id is the reservation's id; every other payment finds no instance.
        Event(() => DepositPaid, e => e.CorrelateById(c => c.Message.PaymentId).OnMissingInstance(IgnoreForeign));
        Event(() => DepositDeclined, e => e.CorrelateById(c => c.Message.PaymentId).OnMissingInstance(IgnoreForeign));
        Event(() => DepositRefunded, e => e.CorrelateById(c => c.Message.PaymentId).OnMissingInstance(IgnoreForeign));
        Event(() => SaleConfirmed, e => e.CorrelateById(c => c.Message.ReservationId).OnMissingInstance(IgnoreMissing));
        Schedule(() => Expiry, x => x.ExpiryToken, s =>
            s.Received = e => e.CorrelateById(c => c.Message.ReservationId).OnMissingInstance(IgnoreMissing));
        Finished(Sold, Declined, Expired);

        Initially(
            When(Requested)
                .Then(c =>
                {
                    var request = c.Message;
                    c.Saga.VehicleId = request.VehicleId;
                    c.Saga.DealerId = request.DealerId;
                    c.Saga.BuyerId = request.BuyerId;
                    c.Saga.Deposit = request.Deposit;
                    c.Saga.Currency = request.Currency;
                    c.Saga.Gateway = request.Gateway;
                    c.Saga.RequestedAt = request.RequestedAt;
                })
                // Asked for once this transition commits: the payment's outcome always finds the instance.
                .PublishOnCommit(c => new RequestPaymentCommand
                {
                    PaymentId = c.Saga.CorrelationId,
                    UserId = c.Saga.BuyerId,
                    DealerId = c.Saga.DealerId,
                    Amount = c.Saga.Deposit,
                    Currency = c.Saga.Currency,
                    PaymentType = DepositPaymentType,
                    Gateway = c.Saga.Gateway,
                    CorrelationId = c.Saga.CorrelationId,
                    RequestedAt = clock.GetUtcNow().UtcDateTime,
                })
                .TransitionTo(AwaitingDeposit));

        During(AwaitingDeposit,
            When(DepositPaid)
                .ThenAsync(c => vehicles.ReserveAsync(c.Saga.VehicleId, c.Saga.CorrelationId, c.Message.ProcessedAt))
                .Then(c =>
                {
                    c.Saga.PaidAt = c.Message.ProcessedAt;
                    c.Saga.ExpiryDueAt = clock.GetUtcNow().UtcDateTime + settings.ReservationWindow;
                })
                // Due by the service's clock (MassTransit's own Schedule overloads read DateTime.UtcNow).
                .Schedule(Expiry, c => new ReservationExpiryDue(c.Saga.CorrelationId), c => c.Saga.ExpiryDueAt!.Value)
                .TransitionTo(Reserved),
            When(DepositDeclined)
                .ThenAsync(c => vehicles.ReleaseAsync(c.Saga.VehicleId, c.Saga.CorrelationId, c.Message.FailedAt))
                .Then(c => c.Saga.PaymentFailure = c.Message.FailureReason)
                .TransitionTo(Declined));

        During(Reserved,
            When(SaleConfirmed)
                .ThenAsync(c => vehicles.SellAsync(c.Saga.VehicleId, c.Saga.CorrelationId, c.Message.SalePrice, c.Message.ConfirmedAt))
                .Unschedule(Expiry)
                .Then(c =>
                {
                    c.Saga.ExpiryDueAt = null;
                    c.Saga.SalePrice = c.Message.SalePrice;
                    c.Saga.SoldAt = c.Message.ConfirmedAt;
                })
                .TransitionTo(Sold),
            When(Expiry.Received)
                .Then(c => c.Saga.ExpiryDueAt = null)
                .ThenAsync(async c => c.Saga.ExpiredAt = await vehicles.ExpireAsync(c.Saga.VehicleId, c.Saga.CorrelationId, clock.GetUtcNow().UtcDateTime)
                    ? clock.GetUtcNow().UtcDateTime
                    : null)
                // Unless the dealer confirmed within the window: that confirmation is on its way, and wins.
                .If(c => c.Saga.ExpiredAt is not null, expired => expired
                    .PublishOnCommit(c => new RefundPaymentCommand
                    {
                        PaymentId = c.Saga.CorrelationId,
                        Reason = "The reservation expired without the dealer's confirmation.",
                        CorrelationId = c.Saga.CorrelationId,
                        RequestedAt = c.Saga.ExpiredAt!.Value,
                    })
                    .TransitionTo(Refunding)));

        During(Refunding, Expired,
            When(SaleConfirmed)
                .Then(c => LogConfirmedTooLate(c.Saga.CorrelationId, c.Saga.VehicleId)));

        During(Refunding,
            When(DepositRefunded)
                .Then(c => c.Saga.RefundedAt = c.Message.RefundedAt)
                .TransitionTo(Expired));
    }

    /// <summary>The deposit was asked for; the vehicle is held, still Active.</summary>
    public State AwaitingDeposit { get; private set; } = null!;
    /// <summary>The deposit is paid and the vehicle Reserved, until the dealer confirms or the window ends.</summary>
    public State Reserved { get; private set; } = null!;
    /// <summary>The window ended: the vehicle is Active again, the deposit is being refunded.</summary>
    public State Refunding { get; private set; } = null!;
    /// <summary>The dealer confirmed: the vehicle is sold to the buyer. Finished.</summary>
    public State Sold { get; private set; } = null!;
    /// <summary>The deposit was declined: the vehicle is free again. Finished.</summary>
    public State Declined { get; private set; } = null!;
    /// <summary>The window ended and the deposit was refunded. Finished.</summary>
    public State Expired { get; private set; } = null!;

    public Event<ReserveVehicleCommand> Requested { get; private set; } = null!;
    public Event<PaymentSuccessEvent> DepositPaid { get; private set; } = null!;
    public Event<PaymentFailedEvent> DepositDeclined { get; private set; } = null!;
    public Event<PaymentRefundedEvent> DepositRefunded { get; private set; } = null!;
    public Event<ConfirmVehicleSaleCommand> SaleConfirmed { get; private set; } = null!;

    public Schedule<VehicleSale, ReservationExpiryDue> Expiry { get; private set; } = null!;

    /// <summary>
    /// Missing-instance policy of the payment events: most payments are not deposits (listings,
    /// subscriptions), so one without an instance is ignored at once, counted as a missing instance.
    /// (Workaround, reported: <c>IgnoreMissing</c> first reads the instance again for up to
    /// <c>ConflictRetryLimit</c> retries, ~15 s, which holds every other saga's payment that long.)
    /// </summary>
    private IPipe<ConsumeContext<T>> IgnoreForeign<T>(IMissingInstanceConfigurator<VehicleSale, T> missing) where T : class =>
        missing.Execute(_ => SagaTelemetry.Ignore(Saga, SagaTelemetry.Reasons.MissingInstance, typeof(T).Name));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle sale {ReservationId}: the dealer's confirmation came after the reservation expired; vehicle {VehicleId} stays Active and the deposit is refunded")]
    private partial void LogConfirmedTooLate(Guid reservationId, Guid vehicleId);
}
