using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers;

/// <summary>A successful payment: the payer gets a receipt by email (when known) and a push.</summary>
public sealed class PaymentSuccessNotifier(UserNotifier notifier) : IConsumer<PaymentSuccessEvent>
{
    public const string Template = "PaymentReceipt";

    public Task Consume(ConsumeContext<PaymentSuccessEvent> context)
    {
        var payment = context.Message;
        var amount = Texts.Money(payment.Amount, payment.Currency);
        var concept = Texts.PaymentType(payment.PaymentType);
        var data = new Dictionary<string, string>
        {
            ["paymentId"] = payment.PaymentId.ToString(),
            ["transactionId"] = payment.TransactionId,
        };

        return notifier.PushAndEmailAsync(context, Template, payment.PaymentId, payment.UserId,
            "Pago recibido",
            $"Recibimos tu pago de {amount} ({concept}).",
            user => $"Hola {user.FullName}, recibimos tu pago. Este es tu recibo:\n" +
                    $"Monto: {amount}\n" +
                    $"Concepto: {concept}\n" +
                    $"Transacción: {payment.TransactionId}\n" +
                    $"Fecha: {Texts.Date(payment.ProcessedAt)}\n" +
                    "Gracias por confiar en OKLA.",
            data);
    }
}

public sealed class PaymentSuccessNotifierDefinition() : EventConsumerDefinition<PaymentSuccessNotifier>("payment-success");
