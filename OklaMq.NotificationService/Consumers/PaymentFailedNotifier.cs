using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers;

/// <summary>A failed payment: the payer learns by email (when known) and push that it failed, and why.</summary>
public sealed class PaymentFailedNotifier(UserNotifier notifier) : IConsumer<PaymentFailedEvent>
{
    public const string Template = "PaymentFailed";

    public Task Consume(ConsumeContext<PaymentFailedEvent> context)
    {
        var payment = context.Message;
        // The event carries no currency: billing amounts are DOP unless an event says otherwise.
        var amount = Texts.Money(payment.Amount);
        var reason = string.IsNullOrWhiteSpace(payment.FailureReason) ? "el pago fue rechazado" : payment.FailureReason.Trim();
        var data = new Dictionary<string, string> { ["paymentId"] = payment.PaymentId.ToString() };

        return notifier.PushAndEmailAsync(context, Template, payment.PaymentId, payment.UserId,
            "No pudimos procesar tu pago",
            $"Tu pago de {amount} no se completó: {reason}.",
            user => $"Hola {user.FullName}, tu pago de {amount} no se pudo completar.\n" +
                    $"Motivo: {reason}\n" +
                    "No se realizó ningún cargo. Puedes intentarlo de nuevo o usar otro método de pago.",
            data);
    }
}

public sealed class PaymentFailedNotifierDefinition() : EventConsumerDefinition<PaymentFailedNotifier>("payment-failed");
