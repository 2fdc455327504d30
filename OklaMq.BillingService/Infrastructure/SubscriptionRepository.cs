using OklaMq.BillingService.Model;
using OklaMq.ServiceDefaults.Messaging.Outbox;

namespace OklaMq.BillingService.Infrastructure;

public sealed class SubscriptionRepository(RedisAggregateStore store)
{
    private static string Key(Guid id) => $"okla:subscriptions:{id}";

    public Task<Stored<Subscription>?> FindAsync(Guid id) => store.FindAsync<Subscription>(Key(id));

    public Task<bool> AddAsync(Subscription subscription, Guid correlationId, params object[] events) =>
        store.InsertAsync(Key(subscription.Id), subscription, events, correlationId);

    public Task<bool> UpdateAsync(Stored<Subscription> previous, Subscription subscription, Guid correlationId, params object[] events) =>
        store.ReplaceAsync(Key(subscription.Id), previous, subscription, events, correlationId);
}
