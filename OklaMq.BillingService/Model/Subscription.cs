namespace OklaMq.BillingService.Model;

/// <summary>A dealer's monthly plan. The plan's name and price are copied in: the catalogue may change, the agreement does not.</summary>
public sealed record Subscription
{
    public required Guid Id { get; init; }
    public required Guid DealerId { get; init; }
    public required string PlanId { get; init; }
    public required string PlanName { get; init; }
    public required decimal MonthlyPrice { get; init; }
    public required string Status { get; init; }
    public DateTime StartDate { get; init; }
    /// <summary>Null while active; when cancelled, the end of the period already paid for.</summary>
    public DateTime? EndDate { get; init; }
    public DateTime? CancelledAt { get; init; }
    public string? CancellationReason { get; init; }
}

public static class SubscriptionStatuses
{
    public const string Active = "Active";
    public const string Cancelled = "Cancelled";
}
