namespace OklaMq.BillingService.Model;

/// <summary>A dealer subscription plan; prices are monthly, in DOP.</summary>
public sealed record Plan(string Id, string Name, decimal MonthlyPrice);

public static class PlanCatalogue
{
    public static IReadOnlyList<Plan> All { get; } =
    [
        new("basic", "Básico", 2_500m),
        new("pro", "Profesional", 6_500m),
        new("enterprise", "Empresarial", 15_000m),
    ];

    public static Plan? Find(string? id) => All.FirstOrDefault(p => string.Equals(p.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));
}
