namespace OklaMq.VehiclesService.Model;

/// <summary>A vehicle listed by a dealer. Prices are in DOP.</summary>
public sealed record Vehicle
{
    public required Guid Id { get; init; }
    public required Guid DealerId { get; init; }
    public required string Make { get; init; }
    public required string Model { get; init; }
    public required int Year { get; init; }
    public required decimal Price { get; init; }
    public required string Status { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public Guid? BuyerId { get; init; }
    public decimal? SalePrice { get; init; }
    /// <summary>
    /// The reservation that holds the vehicle (MQ-SAGA-001), from the buyer's request until the sale
    /// or the reservation's end: meanwhile no other buyer can reserve it, and it cannot be sold,
    /// deleted or change status otherwise.
    /// </summary>
    public VehicleReservation? Reservation { get; init; }
}

/// <summary>A buyer's reservation of a vehicle: the deposit they pay, and when the dealer confirmed the sale.</summary>
public sealed record VehicleReservation(Guid Id, Guid BuyerId, decimal Deposit, DateTime RequestedAt, DateTime? ConfirmedAt = null);
