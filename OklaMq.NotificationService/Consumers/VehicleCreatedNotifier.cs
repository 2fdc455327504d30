using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Infrastructure;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;
using OklaMq.ServiceDefaults.Messaging.Recoverability;

namespace OklaMq.NotificationService.Consumers;

/// <summary>
/// Design document 5.1: a new listing is announced to its dealer (push and email), and to every
/// user whose saved alert matches it.
/// </summary>
public sealed partial class VehicleCreatedNotifier(UserDirectory users, AlertStore alerts, ILogger<VehicleCreatedNotifier> logger)
    : IConsumer<VehicleCreatedEvent>
{
    public const string DealerTemplate = "VehicleCreated";
    public const string AlertTemplate = "VehicleAlertMatched";

    public async Task Consume(ConsumeContext<VehicleCreatedEvent> context)
    {
        var vehicle = context.Message;
        var title = $"{vehicle.Make} {vehicle.Model} {vehicle.Year}";
        var data = new Dictionary<string, string> { ["vehicleId"] = vehicle.VehicleId.ToString() };

        await context.Publish(NotificationCommands.Push(DealerTemplate, vehicle.VehicleId, vehicle.DealerId,
            "Vehículo publicado", $"Tu {title} ha sido publicado.", data));
        if (await users.FindAsync(vehicle.DealerId) is { } dealer)
        {
            await context.Publish(NotificationCommands.Email(DealerTemplate, vehicle.VehicleId, dealer,
                "Vehículo publicado", $"Hola {dealer.FullName}, tu {title} ha sido publicado por RD$ {vehicle.Price:N0}."));
        }
        else
        {
            LogDealerUnknown(vehicle.DealerId, vehicle.VehicleId);
        }

        foreach (var alert in await alerts.MatchingAsync(vehicle.Make, vehicle.Model, vehicle.Year, vehicle.Price))
        {
            if (alert.UserId == vehicle.DealerId)
            {
                continue;
            }
            await context.Publish(NotificationCommands.Push(AlertTemplate, vehicle.VehicleId, alert.UserId,
                "Nuevo vehículo para tu alerta", $"{title} por RD$ {vehicle.Price:N0}.", data));
            if (await users.FindAsync(alert.UserId) is { } user)
            {
                await context.Publish(NotificationCommands.Email(AlertTemplate, vehicle.VehicleId, user,
                    "Nuevo vehículo para tu alerta", $"Hola {user.FullName}, hay un {title} por RD$ {vehicle.Price:N0} que coincide con tu alerta."));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dealer {DealerId} of vehicle {VehicleId} has no known email address; notified by push only")]
    private partial void LogDealerUnknown(Guid dealerId, Guid vehicleId);
}

public sealed class VehicleCreatedNotifierDefinition() : EventConsumerDefinition<VehicleCreatedNotifier>("vehicle-created")
{
    // Design document 6.1: this endpoint retries after 10 s, 30 s, 1 min and 5 min.
    protected override RetrySettings Retry { get; } = RetrySettings.FromIntervals(
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
}
