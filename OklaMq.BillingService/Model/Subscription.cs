namespace OklaMq.BillingService.Model;

/// <summary>
/// A dealer's monthly plan. The plan's name and price are copied in: the catalogue may change, the
/// agreement does not. It is Pending until its first charge succeeds, PastDue while its charge is
/// retried (the activation saga, MQ-SAGA-002), Active once paid, Cancelled by the dealer or when no
/// charge succeeded.
/// </summary>
public sealed record Subscription
{
    public required Guid Id { get; init; }
    public required Guid DealerId { get; init; }
    public required string PlanId { get; init; }
    public required string PlanName { get; init; }
    public required decimal MonthlyPrice { get; init; }
    /// <summary>Stripe or Azul: where the monthly price is charged.</summary>
    public string Gateway { get; init; } = PaymentValues.Azul;
    public required string Status { get; init; }
    /// <summary>When it was requested; when it became Active, once paid.</summary>
    public DateTime StartDate { get; init; }
    /// <summary>When its first payment made it Active; null while it was never paid.</summary>
    public DateTime? ActivatedAt { get; init; }
    /// <summary>Null while active; when cancelled, the end of the period already paid for.</summary>
    public DateTime? EndDate { get; init; }
    public DateTime? CancelledAt { get; init; }
    public string? CancellationReason { get; init; }
}

public static class SubscriptionStatuses
{
    public const string Pending = "Pending";
    public const string PastDue = "PastDue";
    public const string Active = "Active";
    public const string Cancelled = "Cancelled";
}
