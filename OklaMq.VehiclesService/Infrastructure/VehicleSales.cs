using OklaMq.Contracts.Events;
using OklaMq.VehiclesService.Model;

namespace OklaMq.VehiclesService.Infrastructure;

/// <summary>
/// What the sale saga (MQ-SAGA-001) does to the vehicle its reservation holds: each change is stored
/// with its events in one transaction, re-read and tried again if the vehicle changed meanwhile (the
/// dealer confirmed), and does nothing once done, so a saga step that is retried changes it once.
/// </summary>
public sealed class VehicleSales(VehicleRepository vehicles)
{
    /// <summary>Active → Reserved for the reservation whose deposit was paid, with <c>vehicle.status.changed</c>.</summary>
    public Task ReserveAsync(Guid vehicleId, Guid reservationId, DateTime at) =>
        ChangeAsync(vehicleId, reservationId, v => v.Status == VehicleStatuses.Reserved
            ? null
            : (v with { Status = VehicleStatuses.Reserved, UpdatedAt = at }, [StatusChanged(v, VehicleStatuses.Reserved, "Reserved: the buyer paid the deposit", at)]));

    /// <summary>Ends the hold of a reservation whose deposit was declined: the vehicle never left Active.</summary>
    public Task ReleaseAsync(Guid vehicleId, Guid reservationId, DateTime at) =>
        ChangeAsync(vehicleId, reservationId, v => (v with { Reservation = null, UpdatedAt = at }, []));

    /// <summary>
    /// Ends the hold of a reservation whose window is over: Reserved → Active, with
    /// <c>vehicle.status.changed</c>. False, changing nothing, if the dealer confirmed the sale within
    /// the window (the confirmation is on its way to the saga): checked in the same transaction as the
    /// change, so a confirmation and the window's end never both win.
    /// </summary>
    public async Task<bool> ExpireAsync(Guid vehicleId, Guid reservationId, DateTime at)
    {
        var confirmed = false;
        await ChangeAsync(vehicleId, reservationId, v =>
        {
            confirmed = v.Reservation!.ConfirmedAt is not null;
            return confirmed
                ? null
                : (v with { Status = VehicleStatuses.Active, Reservation = null, UpdatedAt = at },
                    [StatusChanged(v, VehicleStatuses.Active, "The reservation expired without the dealer's confirmation", at)]);
        });
        return !confirmed;
    }

    /// <summary>Reserved → Sold to the reservation's buyer, with <c>vehicle.sold</c> and <c>vehicle.status.changed</c>.</summary>
    public Task SellAsync(Guid vehicleId, Guid reservationId, decimal salePrice, DateTime at) =>
        ChangeAsync(vehicleId, reservationId, v => (
            v with { Status = VehicleStatuses.Sold, BuyerId = v.Reservation!.BuyerId, SalePrice = salePrice, Reservation = null, UpdatedAt = at },
            [
                new VehicleSoldEvent { VehicleId = v.Id, DealerId = v.DealerId, BuyerId = v.Reservation.BuyerId, SalePrice = salePrice, SoldAt = at },
                StatusChanged(v, VehicleStatuses.Sold, "Sold", at),
            ]));

    private static VehicleStatusChangedEvent StatusChanged(Vehicle vehicle, string status, string reason, DateTime at) =>
        new() { VehicleId = vehicle.Id, OldStatus = vehicle.Status, NewStatus = status, Reason = reason, ChangedAt = at };

    /// <summary>
    /// Applies <paramref name="change"/> (null: nothing to do) while this reservation holds the
    /// vehicle. Once the hold is gone, the step that ended it was this one, already done.
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
