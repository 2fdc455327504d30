using OklaMq.BillingService.Model;
using OklaMq.Contracts.Events;

namespace OklaMq.BillingService.Infrastructure;

/// <summary>What to charge: <see cref="PaymentId"/> is the requester's when it must charge once however often it asks.</summary>
public sealed record Charge(
    Guid UserId,
    Guid? DealerId,
    decimal Amount,
    string Currency,
    string PaymentType,
    string Gateway,
    Guid? PaymentId = null,
    bool SimulateDecline = false,
    string? DeclineReason = null);

/// <summary>
/// Charges and refunds through the gateway. Each payment is stored with its event
/// (<c>billing.payment.success</c>, <c>.failed</c>, <c>.refunded</c>) in one transaction, the event
/// carrying <c>correlationId</c>: the HTTP request's, or the saga's that asked for the charge.
/// </summary>
public sealed class PaymentProcessor(SimulatedPaymentGateway gateway, PaymentRepository payments, TimeProvider clock)
{
    /// <summary>
    /// Charges once per payment id: a payment that exists already is returned as it is. (A real
    /// gateway gets the payment id as its idempotency key, so a charge repeated after a crash
    /// between the gateway's answer and the store is not taken twice.)
    /// </summary>
    public async Task<Payment> ChargeAsync(Charge charge, Guid correlationId)
    {
        if (charge.PaymentId is { } id && await payments.FindAsync(id) is { } existing)
        {
            return existing.Value;
        }

        var result = await gateway.ChargeAsync(charge.UserId, charge.SimulateDecline, charge.DeclineReason);
        var payment = new Payment
        {
            Id = charge.PaymentId ?? Guid.NewGuid(),
            UserId = charge.UserId,
            DealerId = charge.DealerId,
            Amount = charge.Amount,
            Currency = charge.Currency,
            PaymentType = charge.PaymentType,
            Gateway = charge.Gateway,
            Status = result.Approved ? PaymentStatuses.Succeeded : PaymentStatuses.Failed,
            TransactionId = result.TransactionId,
            FailureReason = result.FailureReason,
            ProcessedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (await payments.AddAsync(payment, correlationId, OutcomeOf(payment)))
        {
            return payment;
        }
        // Charged concurrently under the same id: that one is the payment.
        return (await payments.FindAsync(payment.Id))!.Value;
    }

    /// <summary>
    /// Gives a succeeded payment back, once: a refunded payment stays as it is, a declined one has
    /// nothing to give back (null). Throws <see cref="KeyNotFoundException"/> for an unknown payment.
    /// </summary>
    public async Task<Payment?> RefundAsync(Guid paymentId, string reason, Guid correlationId)
    {
        while (true)
        {
            var stored = await payments.FindAsync(paymentId) ?? throw new KeyNotFoundException($"Payment {paymentId} does not exist.");
            switch (stored.Value.Status)
            {
                case PaymentStatuses.Refunded:
                    return stored.Value;
                case PaymentStatuses.Failed:
                    return null;
            }

            var refunded = stored.Value with { Status = PaymentStatuses.Refunded, RefundedAt = clock.GetUtcNow().UtcDateTime, RefundReason = reason };
            if (await payments.UpdateAsync(stored, refunded, correlationId, RefundOf(refunded)))
            {
                return refunded;
            }
        }
    }

    private static object OutcomeOf(Payment payment) => payment.Status == PaymentStatuses.Succeeded
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

    private static PaymentRefundedEvent RefundOf(Payment payment) => new()
    {
        PaymentId = payment.Id,
        UserId = payment.UserId,
        DealerId = payment.DealerId,
        Amount = payment.Amount,
        Currency = payment.Currency,
        Reason = payment.RefundReason!,
        RefundedAt = payment.RefundedAt!.Value,
    };
}
