using OklaMq.BillingService.Model;
using OklaMq.Contracts.Events;

namespace OklaMq.BillingService.Infrastructure;

/// <summary>
/// What the activation saga (MQ-SAGA-002) does to a subscription: each change is stored with its
/// event, re-read and tried again if the subscription changed meanwhile (the dealer cancelled), and
/// does nothing when already done, so a saga step that is retried changes it once.
/// </summary>
public sealed class SubscriptionLifecycle(SubscriptionRepository subscriptions)
{
    /// <summary>Pending → PastDue: the first charge failed and will be tried again.</summary>
    public Task MarkPastDueAsync(Guid id) =>
        ChangeAsync(id, s => s.Status == SubscriptionStatuses.Pending ? (s with { Status = SubscriptionStatuses.PastDue }, []) : null);

    /// <summary>Pending or PastDue → Active from <paramref name="at"/>, with <c>billing.subscription.created</c>; false if it was cancelled.</summary>
    public async Task<bool> ActivateAsync(Guid id, DateTime at)
    {
        var subscription = await ChangeAsync(id, s => IsUnpaid(s)
            ? (s with { Status = SubscriptionStatuses.Active, StartDate = at, ActivatedAt = at },
                [new SubscriptionCreatedEvent
                {
                    SubscriptionId = s.Id,
                    DealerId = s.DealerId,
                    PlanId = s.PlanId,
                    PlanName = s.PlanName,
                    MonthlyPrice = s.MonthlyPrice,
                    StartDate = at,
                }])
            : null);
        return subscription.Status == SubscriptionStatuses.Active;
    }

    /// <summary>Pending or PastDue → Cancelled at <paramref name="at"/> (it never ran: it ends then), with <c>billing.subscription.cancelled</c>.</summary>
    public Task CancelAsync(Guid id, string reason, DateTime at) =>
        ChangeAsync(id, s => IsUnpaid(s)
            ? (s with { Status = SubscriptionStatuses.Cancelled, CancelledAt = at, CancellationReason = reason, EndDate = at },
                [new SubscriptionCancelledEvent { SubscriptionId = s.Id, DealerId = s.DealerId, CancellationReason = reason, CancelledAt = at, EffectiveEndDate = at }])
            : null);

    public static bool IsUnpaid(Subscription subscription) =>
        subscription.Status is SubscriptionStatuses.Pending or SubscriptionStatuses.PastDue;

    /// <summary>Applies <paramref name="change"/> (null: nothing to do) until it is stored; returns the subscription as it then is.</summary>
    private async Task<Subscription> ChangeAsync(Guid id, Func<Subscription, (Subscription Next, object[] Events)?> change)
    {
        while (true)
        {
            var stored = await subscriptions.FindAsync(id) ?? throw new InvalidOperationException($"Subscription {id} does not exist.");
            if (change(stored.Value) is not { } next)
            {
                return stored.Value;
            }
            if (await subscriptions.UpdateAsync(stored, next.Next, id, next.Events))
            {
                return next.Next;
            }
        }
    }
}
