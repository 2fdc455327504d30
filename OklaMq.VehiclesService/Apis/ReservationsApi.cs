using Microsoft.Extensions.Options;
using OklaMq.Contracts.Commands;
using OklaMq.ServiceDefaults.Http;
using OklaMq.VehiclesService.Infrastructure;
using OklaMq.VehiclesService.Model;
using OklaMq.VehiclesService.Sagas;

namespace OklaMq.VehiclesService.Apis;

/// <summary>The buyer's and the dealer's side of a vehicle's sale (MQ-SAGA-001, docs/sagas.md).</summary>
public static class ReservationsApi
{
    // A reservation loses its race only to another request that changed the vehicle at the same moment; then it is decided again.
    private const int Attempts = 5;

    public static IEndpointRouteBuilder MapReservationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/vehicles/{vehicleId:guid}/reservations");
        api.MapPost("/", ReserveAsync);
        api.MapPost("/{reservationId:guid}/confirm", ConfirmAsync);
        return app;
    }

    /// <summary>
    /// Holds an Active vehicle for this buyer and starts its sale saga, in one transaction: of two
    /// buyers reserving at once exactly one holds it (202, the deposit is being charged), the other
    /// gets a 409 saying it is reserved.
    /// </summary>
    private static async Task<IResult> ReserveAsync(Guid vehicleId, ReserveVehicleRequest request, VehicleRepository vehicles, IOptions<VehicleSaleOptions> options, TimeProvider clock, HttpContext http)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await vehicles.FindAsync(vehicleId) is not { } stored)
            {
                return NotFound(vehicleId);
            }
            var vehicle = stored.Value;
            if (vehicle.Reservation is not null)
            {
                return Conflict($"Vehicle {vehicleId} is already reserved by another buyer.");
            }
            if (vehicle.Status != VehicleStatuses.Active)
            {
                return Conflict($"Only an Active vehicle can be reserved; vehicle {vehicleId} is {vehicle.Status}.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var reservation = new VehicleReservation(Guid.NewGuid(), request.BuyerId!.Value, options.Value.DepositFor(vehicle.Price), now);
            var command = new ReserveVehicleCommand
            {
                ReservationId = reservation.Id,
                VehicleId = vehicleId,
                DealerId = vehicle.DealerId,
                BuyerId = reservation.BuyerId,
                Deposit = reservation.Deposit,
                Gateway = request.Gateway ?? options.Value.Gateway,
                RequestedAt = now,
            };
            if (await vehicles.UpdateAsync(stored, vehicle with { Reservation = reservation, UpdatedAt = now }, CorrelationIds.Of(http), command))
            {
                return Results.Accepted(SagaPath(reservation.Id), new
                {
                    reservationId = reservation.Id,
                    vehicleId,
                    buyerId = reservation.BuyerId,
                    deposit = reservation.Deposit,
                    currency = command.Currency,
                    gateway = command.Gateway,
                    reservationWindow = options.Value.ReservationWindow,
                });
            }
        }
        return ChangedConcurrently(vehicleId);
    }

    /// <summary>
    /// The dealer confirms the sale of a Reserved vehicle (202: the saga sells it). A confirmation
    /// recorded within the reservation window wins over the window's end; confirming twice is one
    /// confirmation.
    /// </summary>
    private static async Task<IResult> ConfirmAsync(Guid vehicleId, Guid reservationId, ConfirmSaleRequest request, VehicleRepository vehicles, TimeProvider clock, HttpContext http)
    {
        if (await vehicles.FindAsync(vehicleId) is not { } stored)
        {
            return NotFound(vehicleId);
        }
        var vehicle = stored.Value;
        if (vehicle.Reservation?.Id != reservationId)
        {
            return Conflict($"Vehicle {vehicleId} is not held by reservation {reservationId}: it was sold, or the reservation ended (declined deposit, expired window).");
        }
        if (request.DealerId != vehicle.DealerId)
        {
            return Results.Problem($"Only the dealer of vehicle {vehicleId} can confirm its sale.", statusCode: StatusCodes.Status403Forbidden);
        }
        if (vehicle.Status != VehicleStatuses.Reserved)
        {
            return Conflict($"Reservation {reservationId} is waiting for the buyer's deposit; confirm the sale once the vehicle is Reserved.");
        }
        if (vehicle.Reservation.ConfirmedAt is not null)
        {
            return Accepted(vehicleId, reservationId);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var confirmed = vehicle with { Reservation = vehicle.Reservation with { ConfirmedAt = now }, UpdatedAt = now };
        var saved = await vehicles.UpdateAsync(stored, confirmed, CorrelationIds.Of(http), new ConfirmVehicleSaleCommand
        {
            ReservationId = reservationId,
            VehicleId = vehicleId,
            DealerId = vehicle.DealerId,
            SalePrice = request.SalePrice ?? vehicle.Price,
            ConfirmedAt = now,
        });
        return saved ? Accepted(vehicleId, reservationId) : ChangedConcurrently(vehicleId);
    }

    private static IResult Accepted(Guid vehicleId, Guid reservationId) =>
        Results.Accepted(SagaPath(reservationId), new { reservationId, vehicleId, confirmed = true });

    /// <summary>Where the sale's progress shows: its saga instance.</summary>
    private static string SagaPath(Guid reservationId) => $"/api/sagas/{Extensions.Extensions.VehicleSaleSaga}/{reservationId}";

    private static IResult NotFound(Guid id) => Results.Problem($"Vehicle {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
    private static IResult Conflict(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status409Conflict);
    private static IResult ChangedConcurrently(Guid id) => Conflict($"Vehicle {id} was changed by another request; read it again and retry.");
}
