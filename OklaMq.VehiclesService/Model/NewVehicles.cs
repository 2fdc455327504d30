using OklaMq.Contracts.Events;
using OklaMq.VehiclesService.Apis;

namespace OklaMq.VehiclesService.Model;

/// <summary>What a create request makes: the pending vehicle and the event that announces it.</summary>
public static class NewVehicles
{
    public static (Vehicle Vehicle, VehicleCreatedEvent Created) From(CreateVehicleRequest request, DateTime now, Guid correlationId)
    {
        var vehicle = new Vehicle
        {
            Id = Guid.NewGuid(),
            DealerId = request.DealerId!.Value,
            Make = request.Make.Trim(),
            Model = request.Model.Trim(),
            Year = request.Year,
            Price = request.Price,
            Status = VehicleStatuses.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        return (vehicle, new VehicleCreatedEvent
        {
            VehicleId = vehicle.Id,
            DealerId = vehicle.DealerId,
            Make = vehicle.Make,
            Model = vehicle.Model,
            Year = vehicle.Year,
            Price = vehicle.Price,
            Status = vehicle.Status,
            CreatedAt = vehicle.CreatedAt,
            CorrelationId = correlationId,
        });
    }
}
