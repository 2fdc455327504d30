namespace OklaMq.VehiclesService.Model;

/// <summary>A buyer's interest in a vehicle, routed to its dealer.</summary>
public sealed record Lead
{
    public required Guid Id { get; init; }
    public required Guid VehicleId { get; init; }
    public required Guid DealerId { get; init; }
    public Guid? BuyerId { get; init; }
    public required string ContactName { get; init; }
    public required string ContactPhone { get; init; }
    public string? ContactEmail { get; init; }
    public required string Source { get; init; }
    public required string Status { get; init; }
    public string? Notes { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
}

public static class LeadStatuses
{
    public const string New = "New";
    /// <summary>Set by the lead follow-up saga when the dealer did not answer in time (docs/sagas.md).</summary>
    public const string Unattended = "Unattended";
}
