using OklaMq.BillingService.Model;
using OklaMq.ServiceDefaults.Messaging.Outbox;

namespace OklaMq.BillingService.Infrastructure;

/// <summary>Payments in Redis; each is stored together with its success, failure or refund event.</summary>
public sealed class PaymentRepository(RedisAggregateStore store)
{
    private static string Key(Guid id) => $"okla:payments:{id}";

    public Task<Stored<Payment>?> FindAsync(Guid id) => store.FindAsync<Payment>(Key(id));

    public Task<bool> AddAsync(Payment payment, Guid correlationId, params object[] events) =>
        store.InsertAsync(Key(payment.Id), payment, events, correlationId);

    public Task<bool> UpdateAsync(Stored<Payment> previous, Payment payment, Guid correlationId, params object[] events) =>
        store.ReplaceAsync(Key(payment.Id), previous, payment, events, correlationId);
}
