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
}
