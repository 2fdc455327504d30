using System.ComponentModel.DataAnnotations;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.NotificationService.Apis;

public sealed record CreateAlertRequest(
    [Required, NotEmptyGuid] Guid? UserId,
    [StringLength(50, MinimumLength = 1)] string? Make,
    [StringLength(50, MinimumLength = 1)] string? Model,
    [Range(1900, 2100)] int? YearFrom,
    [Range(1900, 2100)] int? YearTo,
    [Range(typeof(decimal), "0", "1000000000")] decimal? PriceFrom,
    [Range(typeof(decimal), "0", "1000000000")] decimal? PriceTo) : IValidatableObject
{
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (YearFrom > YearTo)
        {
            yield return new ValidationResult("YearFrom must not be after YearTo.", [nameof(YearFrom)]);
        }
        if (PriceFrom > PriceTo)
        {
            yield return new ValidationResult("PriceFrom must not be above PriceTo.", [nameof(PriceFrom)]);
        }
    }
}

public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts");
        api.MapPost("/", CreateAsync);
        api.MapGet("/", ForUserAsync);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapDelete("/{id:guid}", DeleteAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateAlertRequest request, AlertStore alerts)
    {
        var alert = new SavedAlert
        {
            Id = Guid.NewGuid(),
            UserId = request.UserId!.Value,
            Make = request.Make?.Trim(),
            Model = request.Model?.Trim(),
            YearFrom = request.YearFrom,
            YearTo = request.YearTo,
            PriceFrom = request.PriceFrom,
            PriceTo = request.PriceTo,
            CreatedAt = DateTime.UtcNow,
        };
        await alerts.AddAsync(alert);
        return Results.Created($"/api/alerts/{alert.Id}", alert);
    }

    private static async Task<IResult> ForUserAsync([Required, NotEmptyGuid] Guid? userId, AlertStore alerts) =>
        Results.Ok(await alerts.ForUserAsync(userId!.Value));

    private static async Task<IResult> GetAsync(Guid id, AlertStore alerts) =>
        await alerts.FindAsync(id) is { } alert ? Results.Ok(alert) : NotFound(id);

    private static async Task<IResult> DeleteAsync(Guid id, AlertStore alerts) =>
        await alerts.RemoveAsync(id) ? Results.NoContent() : NotFound(id);

    private static IResult NotFound(Guid id) => Results.Problem($"Alert {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
}
