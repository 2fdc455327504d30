using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.VehiclesService.Model;

namespace OklaMq.VehiclesService.Infrastructure;

/// <summary>Vehicles in Redis; every change commits with its events (section 4.2, without the dual write).</summary>
public sealed class VehicleRepository(RedisAggregateStore store)
{
    private static string Key(Guid id) => $"okla:vehicles:{id}";

    public Task<Stored<Vehicle>?> FindAsync(Guid id) => store.FindAsync<Vehicle>(Key(id));

    public Task<bool> AddAsync(Vehicle vehicle, Guid correlationId, params object[] events) =>
        store.InsertAsync(Key(vehicle.Id), vehicle, events, correlationId);

    public Task<bool> UpdateAsync(Stored<Vehicle> previous, Vehicle vehicle, Guid correlationId, params object[] events) =>
        store.ReplaceAsync(Key(vehicle.Id), previous, vehicle, events, correlationId);

    public Task<bool> RemoveAsync(Stored<Vehicle> previous, Guid correlationId, params object[] events) =>
        store.DeleteAsync(Key(previous.Value.Id), previous, events, correlationId);
}
