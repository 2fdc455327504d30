using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.Contracts.Events;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.BillingService.Apis;

public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/subscriptions");
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id:guid}", GetAsync);
        api.MapPost("/{id:guid}/cancel", CancelAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateSubscriptionRequest request, SubscriptionRepository subscriptions, TimeProvider clock, HttpContext http)
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
            Status = SubscriptionStatuses.Active,
            StartDate = clock.GetUtcNow().UtcDateTime,
        };
        await subscriptions.AddAsync(subscription, CorrelationIds.Of(http), new SubscriptionCreatedEvent
        {
            SubscriptionId = subscription.Id,
            DealerId = subscription.DealerId,
            PlanId = plan.Id,
            PlanName = plan.Name,
            MonthlyPrice = plan.MonthlyPrice,
            StartDate = subscription.StartDate,
            EndDate = subscription.EndDate,
        });
        return Results.Created($"/api/subscriptions/{subscription.Id}", subscription);
    }

    private static async Task<IResult> GetAsync(Guid id, SubscriptionRepository subscriptions) =>
        await subscriptions.FindAsync(id) is { } stored ? Results.Ok(stored.Value) : NotFound(id);

    /// <summary>Cancels now; the dealer keeps the plan until the end of the month already paid for.</summary>
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
        var effectiveEnd = BillingPeriods.EndOfCurrent(stored.Value.StartDate, now);
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
