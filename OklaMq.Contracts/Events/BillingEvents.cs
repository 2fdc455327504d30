namespace OklaMq.Contracts.Events;

// Section 3.3 of the design document. Amounts are in DOP unless Currency says otherwise.

public record PaymentSuccessEvent
{
    public Guid PaymentId { get; init; }
    public Guid UserId { get; init; }
    public Guid? DealerId { get; init; }
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "DOP";
    /// <summary>Subscription, Listing or Featured.</summary>
    public string PaymentType { get; init; } = string.Empty;
    /// <summary>Stripe or Azul.</summary>
    public string Gateway { get; init; } = string.Empty;
    public string TransactionId { get; init; } = string.Empty;
    public DateTime ProcessedAt { get; init; }
}

public record PaymentFailedEvent
{
    public Guid PaymentId { get; init; }
    public Guid UserId { get; init; }
    public decimal Amount { get; init; }
    public string FailureReason { get; init; } = string.Empty;
    public string Gateway { get; init; } = string.Empty;
    public DateTime FailedAt { get; init; }
}

public record SubscriptionCreatedEvent
{
    public Guid SubscriptionId { get; init; }
    public Guid DealerId { get; init; }
    public string PlanId { get; init; } = string.Empty;
    public string PlanName { get; init; } = string.Empty;
    public decimal MonthlyPrice { get; init; }
    public DateTime StartDate { get; init; }
    public DateTime? EndDate { get; init; }
}

public record SubscriptionCancelledEvent
{
    public Guid SubscriptionId { get; init; }
    public Guid DealerId { get; init; }
    public string CancellationReason { get; init; } = string.Empty;
    public DateTime CancelledAt { get; init; }
    public DateTime EffectiveEndDate { get; init; }
}

/// <summary>A succeeded payment was given back (a sale's deposit, a subscription payment nobody owed). Not in the design document.</summary>
public record PaymentRefundedEvent
{
    public Guid PaymentId { get; init; }
    public Guid UserId { get; init; }
    public Guid? DealerId { get; init; }
    public decimal Amount { get; init; }
    public string Currency { get; init; } = "DOP";
    public string Reason { get; init; } = string.Empty;
    public DateTime RefundedAt { get; init; }
}
