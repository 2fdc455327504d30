using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.ServiceDefaults.Http;

namespace OklaMq.BillingService.Apis;

public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/payments");
        api.MapPost("/", CreateAsync);
        api.MapGet("/{id:guid}", GetAsync);
        return app;
    }

    /// <summary>Charges through the gateway; a declined charge is still a 201: the payment exists, with status Failed.</summary>
    private static async Task<IResult> CreateAsync(CreatePaymentRequest request, PaymentProcessor processor, HttpContext http)
    {
        var payment = await processor.ChargeAsync(
            new Charge(request.UserId!.Value, request.DealerId, request.Amount, request.Currency ?? PaymentValues.Dop, request.PaymentType, request.Gateway,
                SimulateDecline: request.SimulateDecline, DeclineReason: request.DeclineReason),
            CorrelationIds.Of(http));
        return Results.Created($"/api/payments/{payment.Id}", payment);
    }

    private static async Task<IResult> GetAsync(Guid id, PaymentRepository payments) =>
        await payments.FindAsync(id) is { } stored
            ? Results.Ok(stored.Value)
            : Results.Problem($"Payment {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
}
