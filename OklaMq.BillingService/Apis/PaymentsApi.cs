using OklaMq.BillingService.Infrastructure;
using OklaMq.BillingService.Model;
using OklaMq.Contracts.Events;
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
    private static async Task<IResult> CreateAsync(CreatePaymentRequest request, SimulatedPaymentGateway gateway, PaymentRepository payments, TimeProvider clock, HttpContext http)
    {
        var result = gateway.Charge(request.SimulateDecline, request.DeclineReason);
        var payment = new Payment
        {
            Id = Guid.NewGuid(),
            UserId = request.UserId!.Value,
            DealerId = request.DealerId,
            Amount = request.Amount,
            Currency = request.Currency ?? PaymentValues.Dop,
            PaymentType = request.PaymentType,
            Gateway = request.Gateway,
            Status = result.Approved ? PaymentStatuses.Succeeded : PaymentStatuses.Failed,
            TransactionId = result.TransactionId,
            FailureReason = result.FailureReason,
            ProcessedAt = clock.GetUtcNow().UtcDateTime,
        };
        await payments.AddAsync(payment, CorrelationIds.Of(http), EventOf(payment));
        return Results.Created($"/api/payments/{payment.Id}", payment);
    }

    private static async Task<IResult> GetAsync(Guid id, PaymentRepository payments) =>
        await payments.FindAsync(id) is { } stored
            ? Results.Ok(stored.Value)
            : Results.Problem($"Payment {id} does not exist.", statusCode: StatusCodes.Status404NotFound);

    private static object EventOf(Payment payment) => payment.Status == PaymentStatuses.Succeeded
        ? new PaymentSuccessEvent
        {
            PaymentId = payment.Id,
            UserId = payment.UserId,
            DealerId = payment.DealerId,
            Amount = payment.Amount,
            Currency = payment.Currency,
            PaymentType = payment.PaymentType,
            Gateway = payment.Gateway,
            TransactionId = payment.TransactionId!,
            ProcessedAt = payment.ProcessedAt,
        }
        : new PaymentFailedEvent
        {
            PaymentId = payment.Id,
            UserId = payment.UserId,
            Amount = payment.Amount,
            FailureReason = payment.FailureReason!,
            Gateway = payment.Gateway,
            FailedAt = payment.ProcessedAt,
        };
}
