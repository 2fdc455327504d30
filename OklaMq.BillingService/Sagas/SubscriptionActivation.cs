using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.BillingService.Sagas;

/// <summary>The state of one subscription's activation (MQ-SAGA-002); its id is the subscription's.</summary>
public sealed class SubscriptionActivation : IDurableSagaInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = string.Empty;
    public int Version { get; set; }

    public Guid DealerId { get; set; }
    public string PlanId { get; set; } = string.Empty;
    public decimal MonthlyPrice { get; set; }
    public string Gateway { get; set; } = string.Empty;
    public DateTime RequestedAt { get; set; }

    /// <summary>The charge being tried: 1 is the first, then one per dunning interval.</summary>
    public int Attempt { get; set; }
    public Guid? ChargePaymentId { get; set; }
    public string? LastFailureReason { get; set; }

    /// <summary>The payment that activated it.</summary>
    public Guid? PaidWith { get; set; }
    public DateTime? ActivatedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    /// <summary>Payments it was not owed (after the cancellation, or a second one), asked to be refunded.</summary>
    public List<Guid> RefundedPayments { get; set; } = [];

    public Guid? ChargeRetryToken { get; set; }
    public DateTime? ChargeRetryDueAt { get; set; }
}

/// <summary>Timeout: the dunning interval after a failed charge is over; charge again.</summary>
public sealed record SubscriptionChargeRetryDue(Guid SubscriptionId);
