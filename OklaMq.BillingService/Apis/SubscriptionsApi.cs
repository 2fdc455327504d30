using Microsoft.Extensions.Options;
using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.BillingService.Sagas;
using OklaMq.Contracts.Commands;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Http;
using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.BillingService.Apis;

public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/subscriptions");
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPost("/{id:guid}/payments", PayAsync);
        api.MapPost("/{id:guid}/cancel", CancelAsync);
        return app;
    }

    /// <summary>
    /// Stores the subscription as Pending together with the command that starts its activation saga
    /// (MQ-SAGA-002): 202, it becomes Active once its first charge succeeds.
    /// </summary>
    private static async Task<IResult> CreateAsync(CreateSubscriptionRequest request, SubscriptionRepository subscriptions, IOptions<SubscriptionActivationOptions> activation, TimeProvider clock, HttpContext http)
    {
        if (PlanCatalogue.Find(request.PlanId) is not { } plan)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [nameof(CreateSubscriptionRequest.PlanId)] = [$"Unknown plan '{request.PlanId}'. Plans: {string.Join(", ", PlanCatalogue.All.Select(p => p.Id))}."],
            });
        }

        var subscription = new Subscription
        {
            Id = Guid.NewGuid(),
            DealerId = request.DealerId!.Value,
            PlanId = plan.Id,
            PlanName = plan.Name,
            MonthlyPrice = plan.MonthlyPrice,
            Gateway = request.Gateway ?? activation.Value.Gateway,
            Status = SubscriptionStatuses.Pending,
            StartDate = clock.GetUtcNow().UtcDateTime,
        };
        await subscriptions.AddAsync(subscription, CorrelationIds.Of(http), new ActivateSubscriptionCommand
        {
            SubscriptionId = subscription.Id,
            DealerId = subscription.DealerId,
            PlanId = plan.Id,
            PlanName = plan.Name,
            MonthlyPrice = plan.MonthlyPrice,
            Gateway = subscription.Gateway,
            RequestedAt = subscription.StartDate,
        });
        return Results.Accepted($"/api/subscriptions/{subscription.Id}", subscription);
    }

    private static async Task<IResult> GetAsync(Guid id, SubscriptionRepository subscriptions) =>
        await subscriptions.FindAsync(id) is { } stored ? Results.Ok(stored.Value) : NotFound(id);

    /// <summary>
    /// The dealer pays the monthly price now, like a payment link in a "your payment failed" email:
    /// a PastDue subscription becomes Active without waiting for its next charge. The payment names
    /// the subscription (its correlation id), and its activation saga decides: one that is not owed
    /// any more (the subscription was cancelled meanwhile) is refunded. 201 with the payment, also
    /// when the card was declined.
    /// </summary>
    private static async Task<IResult> PayAsync(Guid id, SubscriptionRepository subscriptions, PaymentProcessor processor, IOptions<SagaOptions> sagas, TimeProvider clock)
    {
        if (await subscriptions.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        var subscription = stored.Value;
        if (subscription.ActivatedAt is not null)
        {
            return Conflict($"Subscription {id} is paid.");
        }
        if (subscription.Status == SubscriptionStatuses.Pending)
        {
            return Conflict($"Subscription {id}'s first charge is in progress; pay by hand once it is PastDue.");
        }
        // The finished saga refunds a payment that arrives while it is kept, and is gone after that.
        if (subscription.CancelledAt + sagas.Value.FinishedRetention < clock.GetUtcNow().UtcDateTime)
        {
            return Conflict($"Subscription {id} was cancelled; subscribe again.");
        }

        var payment = await processor.ChargeAsync(
            new Charge(subscription.DealerId, subscription.DealerId, subscription.MonthlyPrice, PaymentValues.Dop, PaymentValues.Subscription, subscription.Gateway),
            correlationId: id);
        return Results.Created($"/api/payments/{payment.Id}", payment);
    }

    /// <summary>Cancels now; an active dealer keeps the plan until the end of the month already paid for, an unpaid one loses it now.</summary>
    private static async Task<IResult> CancelAsync(Guid id, CancelSubscriptionRequest request, SubscriptionRepository subscriptions, TimeProvider clock, HttpContext http)
    {
        if (await subscriptions.FindAsync(id) is not { } stored)
        {
            return NotFound(id);
        }
        if (stored.Value.Status == SubscriptionStatuses.Cancelled)
        {
            return Conflict($"Subscription {id} is already cancelled.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var reason = request.Reason.Trim();
        var effectiveEnd = SubscriptionLifecycle.IsUnpaid(stored.Value) ? now : BillingPeriods.EndOfCurrent(stored.Value.StartDate, now);
        var cancelled = stored.Value with
        {
            Status = SubscriptionStatuses.Cancelled,
            CancelledAt = now,
            CancellationReason = reason,
            EndDate = effectiveEnd,
        };
        var saved = await subscriptions.UpdateAsync(stored, cancelled, CorrelationIds.Of(http), new SubscriptionCancelledEvent
        {
            SubscriptionId = id,
            DealerId = cancelled.DealerId,
            CancellationReason = reason,
            CancelledAt = now,
            EffectiveEndDate = effectiveEnd,
        });
        return saved ? Results.Ok(cancelled) : Conflict($"Subscription {id} was changed by another request; read it again and retry.");
    }

    private static IResult NotFound(Guid id) => Results.Problem($"Subscription {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
    private static IResult Conflict(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status409Conflict);
}
