using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers;

/// <summary>A new dealer subscription: the dealer gets an email (when known) and a push with the plan and its price.</summary>
public sealed class SubscriptionCreatedNotifier(UserNotifier notifier) : IConsumer<SubscriptionCreatedEvent>
{
    public const string Template = "SubscriptionCreated";

    public Task Consume(ConsumeContext<SubscriptionCreatedEvent> context)
    {
        var subscription = context.Message;
        var plan = string.IsNullOrWhiteSpace(subscription.PlanName) ? subscription.PlanId : subscription.PlanName.Trim();
        var price = Texts.Money(subscription.MonthlyPrice);
        var period = subscription.EndDate is { } end
            ? $"del {Texts.Date(subscription.StartDate)} al {Texts.Date(end)}"
            : $"desde el {Texts.Date(subscription.StartDate)}";
        var data = new Dictionary<string, string>
        {
            ["subscriptionId"] = subscription.SubscriptionId.ToString(),
            ["planId"] = subscription.PlanId,
        };

        return notifier.PushAndEmailAsync(context, Template, subscription.SubscriptionId, subscription.DealerId,
            "Suscripción activada",
            $"Tu plan {plan} ({price} al mes) está activo.",
            dealer => $"Hola {dealer.FullName}, tu suscripción al plan {plan} está activa {period}.\n" +
                      $"Precio: {price} al mes.",
            data);
    }
}

public sealed class SubscriptionCreatedNotifierDefinition() : EventConsumerDefinition<SubscriptionCreatedNotifier>("subscription-created");
