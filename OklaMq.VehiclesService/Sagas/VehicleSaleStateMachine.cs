using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.VehiclesService.Infrastructure;

namespace OklaMq.VehiclesService.Sagas;

/// <summary>
/// MQ-SAGA-001, a vehicle's sale from a buyer's reservation: the reservation already holds the
/// vehicle (no other buyer can reserve it); the saga asks Billing for the deposit; once paid
/// (<c>billing.payment.success</c>) the vehicle is Reserved; the dealer's confirmation sells it
/// (<c>vehicle.sold</c>). Compensation: a declined deposit releases the vehicle; no confirmation
/// within the reservation window (48 h) refunds the deposit and makes the vehicle Active again.
/// docs/sagas.md draws it.
/// </summary>
public sealed partial class VehicleSaleStateMachine : MassTransitStateMachine<VehicleSale>
{
    private const string DepositPaymentType = "Deposit";

    private readonly VehicleSales _vehicles;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public VehicleSaleStateMachine(IOptions<VehicleSaleOptions> options, VehicleSales vehicles, TimeProvider clock, ILogger<VehicleSaleStateMachine> logger)
    {
        var settings = options.Value;
        _vehicles = vehicles;
        _clock = clock;
        _logger = logger;

        InstanceState(x => x.CurrentState);

        Event(() => Requested, e =>
        {
            e.CorrelateById(c => c.Message.ReservationId);
            // Stored before the deposit is asked for, so the payment's outcome always finds it.
            e.InsertOnInitial = true;
            e.SetSagaFactory(c => new VehicleSale { CorrelationId = c.Message.ReservationId });
        });
        // The deposit's payment id is the reservation's id; every other payment finds no instance.
        Event(() => DepositPaid, e => e.CorrelateById(c => c.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => DepositDeclined, e => e.CorrelateById(c => c.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => DepositRefunded, e => e.CorrelateById(c => c.Message.PaymentId).OnMissingInstance(m => m.Discard()));
        Event(() => SaleConfirmed, e => e.CorrelateById(c => c.Message.ReservationId).OnMissingInstance(m => m.Discard()));

        Schedule(() => Expiry, x => x.ExpiryToken, s =>
        {
            s.Delay = settings.ReservationWindow;
            s.Received = r => r.CorrelateById(c => c.Message.ReservationId).OnMissingInstance(m => m.Discard());
        });

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
                .Publish(c => new RequestPaymentCommand
                {
                    PaymentId = c.Saga.CorrelationId,
                    UserId = c.Saga.BuyerId,
                    DealerId = c.Saga.DealerId,
                    Amount = c.Saga.Deposit,
                    Currency = c.Saga.Currency,
                    PaymentType = DepositPaymentType,
                    Gateway = c.Saga.Gateway,
                    CorrelationId = c.Saga.CorrelationId,
                    RequestedAt = _clock.GetUtcNow().UtcDateTime,
                })
                .TransitionTo(AwaitingDeposit));

        During(AwaitingDeposit,
            When(DepositPaid)
                .Then(c =>
                {
                    c.Saga.PaidAt = c.Message.ProcessedAt;
                    c.Saga.ReservedUntil = _clock.GetUtcNow().UtcDateTime + settings.ReservationWindow;
                })
                .ThenAsync(c => _vehicles.ReserveAsync(c.Saga.VehicleId, c.Saga.CorrelationId, c.Message.ProcessedAt))
                .Schedule(Expiry, c => new ReservationExpired { ReservationId = c.Saga.CorrelationId })
                .TransitionTo(Reserved),
            When(DepositDeclined)
                .Then(c => c.Saga.PaymentFailure = c.Message.FailureReason)
                .ThenAsync(c => _vehicles.ReleaseAsync(c.Saga.VehicleId, c.Saga.CorrelationId, "The buyer's deposit was declined", c.Message.FailedAt))
                .Finalize(),
            Ignore(Requested));

        During(Reserved,
            When(SaleConfirmed)
                .Unschedule(Expiry)
                .Then(c =>
                {
                    c.Saga.SalePrice = c.Message.SalePrice;
                    c.Saga.SoldAt = c.Message.ConfirmedAt;
                })
                .ThenAsync(c => _vehicles.SellAsync(c.Saga.VehicleId, c.Saga.CorrelationId, c.Message.SalePrice, c.Message.ConfirmedAt))
                .Finalize(),
            When(Expiry.Received)
                .ThenAsync(async c => c.Saga.ExpiredAt = await _vehicles.IsConfirmedAsync(c.Saga.VehicleId, c.Saga.CorrelationId) ? null : _clock.GetUtcNow().UtcDateTime)
                // A confirmation the dealer made within the window is on its way: it wins.
                .If(c => c.Saga.ExpiredAt is not null, expired => expired
                    .ThenAsync(c => _vehicles.ReleaseAsync(c.Saga.VehicleId, c.Saga.CorrelationId, "The reservation expired without the dealer's confirmation", c.Saga.ExpiredAt!.Value))
                    .Publish(c => new RefundPaymentCommand
                    {
                        PaymentId = c.Saga.CorrelationId,
                        Reason = "The reservation expired without the dealer's confirmation.",
                        CorrelationId = c.Saga.CorrelationId,
                        RequestedAt = c.Saga.ExpiredAt!.Value,
                    })
                    .TransitionTo(Refunding)),
            Ignore(DepositPaid),
            Ignore(Requested));

        During(Refunding,
            When(DepositRefunded)
                .Then(c => c.Saga.RefundedAt = c.Message.RefundedAt)
                .Finalize(),
            When(SaleConfirmed)
                .Then(c => LogConfirmedTooLate(c.Saga.CorrelationId, c.Saga.VehicleId)),
            Ignore(DepositPaid),
            Ignore(Requested));

        OnUnhandledEvent(IgnoreOrWait);
        SetCompletedWhenFinalized();
    }

    /// <summary>The deposit was asked for; the vehicle is held, still Active.</summary>
    public State AwaitingDeposit { get; private set; } = null!;
    /// <summary>The deposit is paid and the vehicle Reserved, until the dealer confirms or the window ends.</summary>
    public State Reserved { get; private set; } = null!;
    /// <summary>The window ended: the vehicle is Active again, the deposit being refunded.</summary>
    public State Refunding { get; private set; } = null!;

    public Event<ReserveVehicleCommand> Requested { get; private set; } = null!;
    public Event<PaymentSuccessEvent> DepositPaid { get; private set; } = null!;
    public Event<PaymentFailedEvent> DepositDeclined { get; private set; } = null!;
    public Event<PaymentRefundedEvent> DepositRefunded { get; private set; } = null!;
    public Event<ConfirmVehicleSaleCommand> SaleConfirmed { get; private set; } = null!;

    public Schedule<VehicleSale, ReservationExpired> Expiry { get; private set; } = null!;

    /// <summary>
    /// An event the current state does not expect: a duplicate, or late after the step it belonged
    /// to, is ignored with a log line. One that finds the instance inserted but its first step not
    /// yet stored (the deposit's outcome racing the reservation that asked for it) fails, to be retried.
    /// </summary>
    private Task IgnoreOrWait(UnhandledEventContext<VehicleSale> context)
    {
        if (context.CurrentState == Initial)
        {
            return context.Throw();
        }
        LogIgnored(context.Event.Name, context.Saga.CorrelationId, context.CurrentState.Name);
        return context.Ignore();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle sale {ReservationId} ignored {Event} in state {State}")]
    private partial void LogIgnored(string @event, Guid reservationId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle sale {ReservationId} got the dealer's confirmation after its reservation expired; vehicle {VehicleId} stays Active and the deposit is refunded")]
    private partial void LogConfirmedTooLate(Guid reservationId, Guid vehicleId);
}
