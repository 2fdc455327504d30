using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers;

/// <summary>
/// A cancelled dealer subscription: the dealer gets an email (when known) and a push with the date it
/// ends, or, for one that ends when cancelled (it was never paid: the activation saga gave up), that
/// it is no longer active.
/// </summary>
public sealed class SubscriptionCancelledNotifier(UserNotifier notifier) : IConsumer<SubscriptionCancelledEvent>
{
    public const string Template = "SubscriptionCancelled";

    public Task Consume(ConsumeContext<SubscriptionCancelledEvent> context)
    {
        var cancelled = context.Message;
        var endsOn = Texts.Date(cancelled.EffectiveEndDate);
        var endedNow = cancelled.EffectiveEndDate <= cancelled.CancelledAt;
        var data = new Dictionary<string, string> { ["subscriptionId"] = cancelled.SubscriptionId.ToString() };

        return notifier.PushAndEmailAsync(context, Template, cancelled.SubscriptionId, cancelled.DealerId,
            "Suscripción cancelada",
            endedNow ? "Tu suscripción fue cancelada y no está activa." : $"Tu suscripción fue cancelada; sigue activa hasta el {endsOn}.",
            dealer => $"Hola {dealer.FullName}, tu suscripción fue cancelada.\n" +
                      (string.IsNullOrWhiteSpace(cancelled.CancellationReason) ? "" : $"Motivo: {cancelled.CancellationReason.Trim()}\n") +
                      (endedNow
                          ? "El plan no está activo.\n"
                          : $"Tu plan sigue activo hasta el {endsOn}; después tus publicaciones dejarán de tener los beneficios del plan.\n") +
                      "Puedes volver a suscribirte cuando quieras.",
            data);
    }
}

public sealed class SubscriptionCancelledNotifierDefinition() : EventConsumerDefinition<SubscriptionCancelledNotifier>("subscription-cancelled");
