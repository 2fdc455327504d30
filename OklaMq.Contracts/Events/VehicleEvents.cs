namespace OklaMq.Contracts.Events;

// Section 3.1 of the design document: names and fields are the contract other teams code against.

public record VehicleCreatedEvent
{
    public Guid VehicleId { get; init; }
    public Guid DealerId { get; init; }
    public string Make { get; init; } = string.Empty;
    public string Model { get; init; } = string.Empty;
    public int Year { get; init; }
    public decimal Price { get; init; }
    public string Status { get; init; } = "Pending";
    public DateTime CreatedAt { get; init; }
    public Guid CorrelationId { get; init; }
}

public record VehicleUpdatedEvent
{
    public Guid VehicleId { get; init; }
    public Guid DealerId { get; init; }
    public Dictionary<string, object> Changes { get; init; } = new();
    public DateTime UpdatedAt { get; init; }
    public Guid UpdatedBy { get; init; }
}

public record VehicleDeletedEvent
{
    public Guid VehicleId { get; init; }
    public Guid DealerId { get; init; }
    public string Reason { get; init; } = string.Empty;
    public DateTime DeletedAt { get; init; }
    public Guid DeletedBy { get; init; }
}

public record VehicleSoldEvent
{
    public Guid VehicleId { get; init; }
    public Guid DealerId { get; init; }
    public Guid BuyerId { get; init; }
    public decimal SalePrice { get; init; }
    public DateTime SoldAt { get; init; }
}

public record VehicleStatusChangedEvent
{
    public Guid VehicleId { get; init; }
    public string OldStatus { get; init; } = string.Empty;
    public string NewStatus { get; init; } = string.Empty;
    public string? Reason { get; init; }
    public DateTime ChangedAt { get; init; }
}
