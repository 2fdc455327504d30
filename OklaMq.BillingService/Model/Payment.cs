namespace OklaMq.BillingService.Model;

/// <summary>One charge through a gateway, approved or declined, and refunded if it was given back. A declined charge is kept too: it happened.</summary>
public sealed record Payment
{
    public required Guid Id { get; init; }
    public required Guid UserId { get; init; }
    public Guid? DealerId { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public required string PaymentType { get; init; }
    public required string Gateway { get; init; }
    public required string Status { get; init; }
    /// <summary>The gateway's reference for an approved charge; null when declined.</summary>
    public string? TransactionId { get; init; }
    public string? FailureReason { get; init; }
    public DateTime ProcessedAt { get; init; }
    public DateTime? RefundedAt { get; init; }
    public string? RefundReason { get; init; }
}
