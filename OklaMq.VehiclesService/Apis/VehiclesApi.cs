using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Http;
using OklaMq.VehiclesService.Infrastructure;
using OklaMq.VehiclesService.Model;

namespace OklaMq.VehiclesService.Apis;

public static class VehiclesApi
{
    public static IEndpointRouteBuilder MapVehiclesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/vehicles");
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPut("/{id:guid}", UpdateAsync);
        api.MapDelete("/{id:guid}", DeleteAsync);
        api.MapPost("/{id:guid}/sell", SellAsync);
        api.MapPost("/{id:guid}/status", ChangeStatusAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateVehicleRequest request, VehicleRepository vehicles, TimeProvider clock, HttpContext http)
    {
        var correlationId = CorrelationIds.Of(http);
        var (vehicle, created) = NewVehicles.From(request, clock.GetUtcNow().UtcDateTime, correlationId);
        await vehicles.AddAsync(vehicle, correlationId, created);
        return Results.Created($"/api/vehicles/{vehicle.Id}", vehicle);
    }

    private static async Task<IResult> GetAsync(Guid id, VehicleRepository vehicles) =>
        await vehicles.FindAsync(id) is { } stored ? Results.Ok(stored.Value) : NotFound(id);

    private static async Task<IResult> UpdateAsync(Guid id, UpdateVehicleRequest request, VehicleRepository vehicles, TimeProvider clock, HttpContext http)
    {
        if (await vehicles.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        if (stored.Value.Status == VehicleStatuses.Sold)
        {
            return Conflict("A sold vehicle cannot be changed.");
        }

        var vehicle = stored.Value;
        var changes = new Dictionary<string, object>();
        var updated = vehicle with
        {
            Make = Change(nameof(Vehicle.Make), vehicle.Make, request.Make?.Trim(), changes),
            Model = Change(nameof(Vehicle.Model), vehicle.Model, request.Model?.Trim(), changes),
            Year = Change(nameof(Vehicle.Year), vehicle.Year, request.Year, changes),
            Price = Change(nameof(Vehicle.Price), vehicle.Price, request.Price, changes),
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (changes.Count == 0)
        {
            return Results.Ok(vehicle);
        }

        var saved = await vehicles.UpdateAsync(stored, updated, CorrelationIds.Of(http), new VehicleUpdatedEvent
        {
            VehicleId = id,
            DealerId = vehicle.DealerId,
            Changes = changes,
            UpdatedAt = updated.UpdatedAt,
            UpdatedBy = request.UpdatedBy!.Value,
        });
        return saved ? Results.Ok(updated) : ChangedConcurrently(id);
    }

    private static async Task<IResult> DeleteAsync(Guid id, [AsParameters] DeleteVehicleRequest request, VehicleRepository vehicles, TimeProvider clock, HttpContext http)
    {
        if (await vehicles.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        if (stored.Value.Reservation is not null)
        {
            return HeldByReservation(stored.Value);
        }
        var removed = await vehicles.RemoveAsync(stored, CorrelationIds.Of(http), new VehicleDeletedEvent
        {
            VehicleId = id,
            DealerId = stored.Value.DealerId,
            Reason = request.Reason.Trim(),
            DeletedAt = clock.GetUtcNow().UtcDateTime,
            DeletedBy = request.DeletedBy!.Value,
        });
        return removed ? Results.NoContent() : ChangedConcurrently(id);
    }

    private static async Task<IResult> SellAsync(Guid id, SellVehicleRequest request, VehicleRepository vehicles, TimeProvider clock, HttpContext http)
    {
        if (await vehicles.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        if (stored.Value.Status == VehicleStatuses.Sold)
        {
            return Conflict("The vehicle is already sold.");
        }
        if (stored.Value.Reservation is not null)
        {
            return HeldByReservation(stored.Value);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var sold = stored.Value with { Status = VehicleStatuses.Sold, BuyerId = request.BuyerId, SalePrice = request.SalePrice, UpdatedAt = now };
        var saved = await vehicles.UpdateAsync(stored, sold, CorrelationIds.Of(http),
            new VehicleSoldEvent { VehicleId = id, DealerId = sold.DealerId, BuyerId = request.BuyerId!.Value, SalePrice = request.SalePrice, SoldAt = now },
            new VehicleStatusChangedEvent { VehicleId = id, OldStatus = stored.Value.Status, NewStatus = VehicleStatuses.Sold, Reason = "Sold", ChangedAt = now });
        return saved ? Results.Ok(sold) : ChangedConcurrently(id);
    }

    private static async Task<IResult> ChangeStatusAsync(Guid id, ChangeVehicleStatusRequest request, VehicleRepository vehicles, TimeProvider clock, HttpContext http)
    {
        if (await vehicles.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        if (stored.Value.Status == VehicleStatuses.Sold)
        {
            return Conflict("A sold vehicle keeps its status.");
        }
        if (stored.Value.Reservation is not null)
        {
            return HeldByReservation(stored.Value);
        }
        if (stored.Value.Status == request.Status)
        {
            return Results.Ok(stored.Value);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var changed = stored.Value with { Status = request.Status, UpdatedAt = now };
        var saved = await vehicles.UpdateAsync(stored, changed, CorrelationIds.Of(http), new VehicleStatusChangedEvent
        {
            VehicleId = id,
            OldStatus = stored.Value.Status,
            NewStatus = request.Status,
            Reason = request.Reason,
            ChangedAt = now,
        });
        return saved ? Results.Ok(changed) : ChangedConcurrently(id);
    }

    private static T Change<T>(string field, T current, T? requested, Dictionary<string, object> changes) where T : struct =>
        requested is { } value && !value.Equals(current) ? Record(field, value, changes) : current;

    private static string Change(string field, string current, string? requested, Dictionary<string, object> changes) =>
        requested is { } value && value != current ? Record(field, value, changes) : current;

    private static T Record<T>(string field, T value, Dictionary<string, object> changes) where T : notnull
    {
        changes[field] = value;
        return value;
    }

    private static IResult NotFound(Guid id) => Results.Problem($"Vehicle {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
    private static IResult Conflict(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status409Conflict);
    private static IResult HeldByReservation(Vehicle vehicle) =>
        Conflict($"Vehicle {vehicle.Id} is held by reservation {vehicle.Reservation!.Id} until its sale completes or ends (POST /api/vehicles/{vehicle.Id}/reservations/{vehicle.Reservation.Id}/confirm sells it).");
    private static IResult ChangedConcurrently(Guid id) => Conflict($"Vehicle {id} was changed by another request; read it again and retry.");
}
