using MassTransit;
using OklaMq.BillingService.Infrastructure;
using OklaMq.Contracts.Commands;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.BillingService.Consumers;

/// <summary>
/// Charges what a saga asks for (a vehicle's deposit, a subscription's monthly price): the outcome is
/// published as <c>billing.payment.success</c> or <c>.failed</c> with the saga's id as correlation id.
/// The payment id is the saga's, so a repeated request charges once.
/// </summary>
public sealed class PaymentRequestConsumer(PaymentProcessor processor) : IConsumer<RequestPaymentCommand>
{
    public Task Consume(ConsumeContext<RequestPaymentCommand> context)
    {
        var request = context.Message;
        return processor.ChargeAsync(
            new Charge(request.UserId, request.DealerId, request.Amount, request.Currency, request.PaymentType, request.Gateway, request.PaymentId),
            request.CorrelationId);
    }
}

public sealed class PaymentRequestConsumerDefinition() : EventConsumerDefinition<PaymentRequestConsumer>("payment-requests");
