namespace OklaMq.NotificationService.Model;

/// <summary>A user's saved search: notify me of new vehicles like this. Empty criteria match anything.</summary>
public sealed record SavedAlert
{
    public required Guid Id { get; init; }
    public required Guid UserId { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public int? YearFrom { get; init; }
    public int? YearTo { get; init; }
    public decimal? PriceFrom { get; init; }
    public decimal? PriceTo { get; init; }
    public DateTime CreatedAt { get; init; }

    public bool Matches(string make, string model, int year, decimal price) =>
        (Make is null || string.Equals(Make, make, StringComparison.OrdinalIgnoreCase))
        && (Model is null || string.Equals(Model, model, StringComparison.OrdinalIgnoreCase))
        && (YearFrom is null || year >= YearFrom)
        && (YearTo is null || year <= YearTo)
        && (PriceFrom is null || price >= PriceFrom)
        && (PriceTo is null || price <= PriceTo);
}
