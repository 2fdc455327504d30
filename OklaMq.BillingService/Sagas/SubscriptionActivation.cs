using MassTransit;

namespace OklaMq.BillingService.Sagas;

/// <summary>The state of one subscription's activation (MQ-SAGA-002); its id is the subscription's.</summary>
public sealed class SubscriptionActivation : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }
    public int Version { get; set; }
    public string? CurrentState { get; set; }

    public Guid DealerId { get; set; }
    public string PlanId { get; set; } = string.Empty;
    public decimal MonthlyPrice { get; set; }
    public string Gateway { get; set; } = string.Empty;
    public DateTime RequestedAt { get; set; }

    /// <summary>The charge being tried: 1 is the first, then one per dunning interval.</summary>
    public int Attempt { get; set; }
    public Guid? ChargePaymentId { get; set; }
    public string? LastFailureReason { get; set; }
    public DateTime? NextChargeAt { get; set; }

    /// <summary>The payment that activated it.</summary>
    public Guid? PaidWith { get; set; }
    public DateTime? ActivatedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    /// <summary>Payments it did not need (after the cancellation, or a second one), asked to be refunded.</summary>
    public List<Guid> RefundedPayments { get; set; } = [];

    public Guid? ChargeRetryToken { get; set; }
    public Guid? ClosingToken { get; set; }
}

/// <summary>Timeout: the dunning interval after a failed charge is over; charge again.</summary>
public sealed record RetrySubscriptionCharge
{
    public Guid SubscriptionId { get; init; }
    public int Attempt { get; init; }
}

/// <summary>Timeout: no payment for this subscription is expected any more; the saga ends.</summary>
public sealed record CloseSubscriptionActivation
{
    public Guid SubscriptionId { get; init; }
}
