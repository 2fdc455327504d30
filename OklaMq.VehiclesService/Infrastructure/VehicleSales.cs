using OklaMq.Contracts.Events;
using OklaMq.VehiclesService.Model;

namespace OklaMq.VehiclesService.Infrastructure;

/// <summary>
/// What the sale saga (MQ-SAGA-001) does to the vehicle its reservation holds: each change is stored
/// with its events, re-read and tried again if the vehicle changed meanwhile, and does nothing when
/// it is already done, so a saga step that is retried changes the vehicle once.
/// </summary>
public sealed class VehicleSales(VehicleRepository vehicles)
{
    /// <summary>Active → Reserved for the reservation whose deposit was paid, with <c>vehicle.status.changed</c>.</summary>
    public Task ReserveAsync(Guid vehicleId, Guid reservationId, DateTime at) =>
        ChangeAsync(vehicleId, reservationId, v => v.Status == VehicleStatuses.Reserved
            ? null
            : (v with { Status = VehicleStatuses.Reserved, UpdatedAt = at },
                [StatusChanged(v, VehicleStatuses.Reserved, "Reserved: the buyer paid the deposit", at)]));

    /// <summary>Ends the reservation's hold: a Reserved vehicle is Active again, with <c>vehicle.status.changed</c>.</summary>
    public Task ReleaseAsync(Guid vehicleId, Guid reservationId, string reason, DateTime at) =>
        ChangeAsync(vehicleId, reservationId, v => v.Status == VehicleStatuses.Reserved
            ? (v with { Status = VehicleStatuses.Active, Reservation = null, UpdatedAt = at }, [StatusChanged(v, VehicleStatuses.Active, reason, at)])
            : (v with { Reservation = null, UpdatedAt = at }, []));

    /// <summary>Reserved → Sold to the reservation's buyer, with <c>vehicle.sold</c> and <c>vehicle.status.changed</c>.</summary>
    public Task SellAsync(Guid vehicleId, Guid reservationId, decimal salePrice, DateTime at) =>
        ChangeAsync(vehicleId, reservationId, v => (
            v with { Status = VehicleStatuses.Sold, BuyerId = v.Reservation!.BuyerId, SalePrice = salePrice, Reservation = null, UpdatedAt = at },
            [
                new VehicleSoldEvent { VehicleId = v.Id, DealerId = v.DealerId, BuyerId = v.Reservation.BuyerId, SalePrice = salePrice, SoldAt = at },
                StatusChanged(v, VehicleStatuses.Sold, "Sold", at),
            ]));

    /// <summary>Whether the dealer confirmed the sale of the vehicle under this reservation (the confirmation may still be on its way to the saga).</summary>
    public async Task<bool> IsConfirmedAsync(Guid vehicleId, Guid reservationId) =>
        await vehicles.FindAsync(vehicleId) is { Value.Reservation: { ConfirmedAt: not null } reservation } && reservation.Id == reservationId;

    private static VehicleStatusChangedEvent StatusChanged(Vehicle vehicle, string status, string reason, DateTime at) =>
        new() { VehicleId = vehicle.Id, OldStatus = vehicle.Status, NewStatus = status, Reason = reason, ChangedAt = at };

    /// <summary>
    /// Applies <paramref name="change"/> (null: nothing to do) to the vehicle while this reservation
    /// holds it; once the hold is gone the step was done already, and nothing changes.
    /// </summary>
    private async Task ChangeAsync(Guid vehicleId, Guid reservationId, Func<Vehicle, (Vehicle Next, object[] Events)?> change)
    {
        while (true)
        {
            var stored = await vehicles.FindAsync(vehicleId) ?? throw new InvalidOperationException($"Vehicle {vehicleId} of reservation {reservationId} does not exist.");
            if (stored.Value.Reservation?.Id != reservationId || change(stored.Value) is not { } next)
            {
                return;
            }
            if (await vehicles.UpdateAsync(stored, next.Next, reservationId, next.Events))
            {
                return;
            }
        }
    }
}
