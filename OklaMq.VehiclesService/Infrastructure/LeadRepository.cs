using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.VehiclesService.Model;

namespace OklaMq.VehiclesService.Infrastructure;

public sealed class LeadRepository(RedisAggregateStore store)
{
    private static string Key(Guid id) => $"okla:leads:{id}";

    public Task<Stored<Lead>?> FindAsync(Guid id) => store.FindAsync<Lead>(Key(id));

    public Task<bool> AddAsync(Lead lead, Guid correlationId, params object[] events) =>
        store.InsertAsync(Key(lead.Id), lead, events, correlationId);

    public Task<bool> UpdateAsync(Stored<Lead> previous, Lead lead, Guid correlationId, params object[] events) =>
        store.ReplaceAsync(Key(lead.Id), previous, lead, events, correlationId);
}
