namespace OklaMq.Contracts.Events;

// Section 3.4 of the design document.

public record LeadCreatedEvent
{
    public Guid LeadId { get; init; }
    public Guid VehicleId { get; init; }
    public Guid DealerId { get; init; }
    public Guid? BuyerId { get; init; }
    public string ContactName { get; init; } = string.Empty;
    public string ContactPhone { get; init; } = string.Empty;
    public string? ContactEmail { get; init; }
    /// <summary>Web, WhatsApp or Phone.</summary>
    public string Source { get; init; } = string.Empty;
    public DateTime CreatedAt { get; init; }
}

public record LeadStatusUpdatedEvent
{
    public Guid LeadId { get; init; }
    public string OldStatus { get; init; } = string.Empty;
    public string NewStatus { get; init; } = string.Empty;
    public string? Notes { get; init; }
    public DateTime UpdatedAt { get; init; }
}
