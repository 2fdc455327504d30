namespace OklaMq.Contracts.Commands;

// Commands of the vehicle sale (MQ-SAGA-001) and subscription activation (MQ-SAGA-002) sagas, on
// direct exchanges: each has one consumer. Not part of the design document; docs/sagas.md.

/// <summary>A buyer asked to reserve a vehicle: starts its sale saga (Vehicles). The vehicle is already held for this reservation.</summary>
public record ReserveVehicleCommand
{
    /// <summary>The sale saga's id; also the deposit's payment id.</summary>
    public Guid ReservationId { get; init; }
    public Guid VehicleId { get; init; }
    public Guid DealerId { get; init; }
    public Guid BuyerId { get; init; }
    public decimal Deposit { get; init; }
    public string Currency { get; init; } = "DOP";
    /// <summary>Stripe or Azul.</summary>
    public string Gateway { get; init; } = string.Empty;
    public DateTime RequestedAt { get; init; }
}

/// <summary>The dealer confirmed the sale of a reserved vehicle to the reservation's buyer.</summary>
public record ConfirmVehicleSaleCommand
{
    public Guid ReservationId { get; init; }
    public Guid VehicleId { get; init; }
    public Guid DealerId { get; init; }
    public decimal SalePrice { get; init; }
    public DateTime ConfirmedAt { get; init; }
}

/// <summary>A dealer subscribed to a plan: starts the subscription's activation saga (Billing).</summary>
public record ActivateSubscriptionCommand
{
    public Guid SubscriptionId { get; init; }
    public Guid DealerId { get; init; }
    public string PlanId { get; init; } = string.Empty;
    public string PlanName { get; init; } = string.Empty;
    public decimal MonthlyPrice { get; init; }
    /// <summary>Stripe or Azul.</summary>
    public string Gateway { get; init; } = string.Empty;
    public DateTime RequestedAt { get; init; }
}

/// <summary>
/// Charge a payer. The requester chooses <see cref="PaymentId"/>, so asking twice charges once; the
/// outcome is <c>billing.payment.success</c> or <c>billing.payment.failed</c> with that payment id,
/// published with <see cref="CorrelationId"/> (the requesting saga) as its correlation id.
/// </summary>
public record RequestPaymentCommand
{
    public Guid PaymentId { get; init; }
    public Guid UserId { get; init; }
    public Guid? DealerId { get; init; }
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "DOP";
    /// <summary>Subscription, Listing, Featured or Deposit.</summary>
    public string PaymentType { get; init; } = string.Empty;
    /// <summary>Stripe or Azul.</summary>
    public string Gateway { get; init; } = string.Empty;
    public Guid CorrelationId { get; init; }
    public DateTime RequestedAt { get; init; }
}

/// <summary>Give a succeeded payment back; the outcome is <c>billing.payment.refunded</c>, published with <see cref="CorrelationId"/>.</summary>
public record RefundPaymentCommand
{
    public Guid PaymentId { get; init; }
    public string Reason { get; init; } = string.Empty;
    public Guid CorrelationId { get; init; }
    public DateTime RequestedAt { get; init; }
}
