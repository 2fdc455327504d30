using MassTransit;
using OklaMq.BillingService.Infrastructure;
using OklaMq.Contracts.Commands;
using OklaMq.ServiceDefaults.Messaging.Consumers;
using OklaMq.ServiceDefaults.Messaging.Recoverability;

namespace OklaMq.BillingService.Consumers;

/// <summary>
/// Gives a payment back for a saga (an expired reservation's deposit, a subscription payment that
/// came after the cancellation): <c>billing.payment.refunded</c>, with the saga's id as correlation
/// id. A refund asked twice happens once; a payment that does not exist cannot be refunded, and the
/// command is dead-lettered with that reason rather than retried.
/// </summary>
public sealed class PaymentRefundConsumer(PaymentProcessor processor) : IConsumer<RefundPaymentCommand>
{
    public async Task Consume(ConsumeContext<RefundPaymentCommand> context)
    {
        var refund = context.Message;
        try
        {
            await processor.RefundAsync(refund.PaymentId, refund.Reason, refund.CorrelationId);
        }
        catch (KeyNotFoundException ex)
        {
            throw new InvalidMessageException(nameof(RefundPaymentCommand), [ex.Message]);
        }
    }
}

public sealed class PaymentRefundConsumerDefinition() : EventConsumerDefinition<PaymentRefundConsumer>("payment-refunds");
