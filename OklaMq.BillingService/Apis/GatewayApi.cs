using OklaMq.BillingService.Infrastructure;

namespace OklaMq.BillingService.Apis;

/// <summary>The simulated gateway's switches: make a payer's card decline, to see failed payments, dunning and compensation.</summary>
public static class GatewayApi
{
    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/gateway/declines");
        api.MapPut("/{payerId:guid}", SetAsync);
        api.MapGet("/{payerId:guid}", GetAsync);
        api.MapDelete("/{payerId:guid}", RemoveAsync);
        return app;
    }

    /// <summary>The payer's next <c>times</c> charges are declined (every charge until removed when left out).</summary>
    private static async Task<IResult> SetAsync(Guid payerId, DeclineCardRequest request, SimulatedDeclines declines)
    {
        var decline = new SimulatedDecline(payerId, request.Reason?.Trim() is { Length: > 0 } reason ? reason : SimulatedPaymentGateway.DefaultDeclineReason, request.Times);
        await declines.SetAsync(decline);
        return Results.Ok(decline);
    }

    private static async Task<IResult> GetAsync(Guid payerId, SimulatedDeclines declines) =>
        await declines.FindAsync(payerId) is { } decline
            ? Results.Ok(decline)
            : Results.Problem($"Payer {payerId}'s card is not set to decline.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> RemoveAsync(Guid payerId, SimulatedDeclines declines)
    {
        await declines.RemoveAsync(payerId);
        return Results.NoContent();
    }
}
