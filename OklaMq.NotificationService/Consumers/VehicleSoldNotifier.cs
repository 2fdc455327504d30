using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers;

/// <summary>A sale: the dealer gets an email (when known) and a push with the sale price; the buyer a push.</summary>
public sealed class VehicleSoldNotifier(UserNotifier notifier) : IConsumer<VehicleSoldEvent>
{
    public const string DealerTemplate = "VehicleSold";
    public const string BuyerTemplate = "VehiclePurchased";

    public async Task Consume(ConsumeContext<VehicleSoldEvent> context)
    {
        var sale = context.Message;
        var price = Texts.Money(sale.SalePrice);
        var data = new Dictionary<string, string> { ["vehicleId"] = sale.VehicleId.ToString() };

        await notifier.PushAndEmailAsync(context, DealerTemplate, sale.VehicleId, sale.DealerId,
            "Vehículo vendido",
            $"Tu vehículo se vendió por {price}.",
            dealer => $"Hola {dealer.FullName}, tu vehículo se vendió por {price} el {Texts.Date(sale.SoldAt)}. ¡Felicidades por la venta!",
            data);

        // A sale recorded without a buyer account (or by the dealer to themselves) has nobody else to tell.
        if (sale.BuyerId != Guid.Empty && sale.BuyerId != sale.DealerId)
        {
            await notifier.PushAsync(context, BuyerTemplate, sale.VehicleId, sale.BuyerId,
                "¡Felicidades por tu compra!",
                $"Tu compra por {price} quedó registrada en OKLA.",
                data);
        }
    }
}

public sealed class VehicleSoldNotifierDefinition() : EventConsumerDefinition<VehicleSoldNotifier>("vehicle-sold");
