using MassTransit;
using OklaMq.Contracts.Events;
using OklaMq.NotificationService.Model;
using OklaMq.ServiceDefaults.Messaging.Consumers;

namespace OklaMq.NotificationService.Consumers;

/// <summary>
/// A new lead: the dealer is told who is interested in their vehicle and how to reach them (the
/// contact's phone and email go into the dealer's notification, never into logs).
/// </summary>
/// <remarks>
/// LeadStatusUpdatedEvent has no consumer here on purpose: the dealer changes a lead's status
/// themselves, the event names neither dealer nor buyer, and a buyer does not expect a message
/// about the dealer's internal pipeline (its notes are the dealer's).
/// </remarks>
public sealed class LeadCreatedNotifier(UserNotifier notifier) : IConsumer<LeadCreatedEvent>
{
    public const string Template = "LeadCreated";

    public Task Consume(ConsumeContext<LeadCreatedEvent> context)
    {
        var lead = context.Message;
        var contact = string.IsNullOrWhiteSpace(lead.ContactName) ? "Un cliente" : lead.ContactName.Trim();
        var source = Texts.LeadSource(lead.Source);
        var data = new Dictionary<string, string>
        {
            ["leadId"] = lead.LeadId.ToString(),
            ["vehicleId"] = lead.VehicleId.ToString(),
        };

        return notifier.PushAndEmailAsync(context, Template, lead.LeadId, lead.DealerId,
            "Nuevo interesado en tu vehículo",
            $"{contact} está interesado en tu vehículo (vía {source}).",
            dealer => $"Hola {dealer.FullName}, {contact} está interesado en tu vehículo (vía {source}).\n" +
                      ContactLines(lead) +
                      "Responde pronto: los clientes que reciben respuesta el mismo día compran más.",
            data);
    }

    private static string ContactLines(LeadCreatedEvent lead) =>
        (string.IsNullOrWhiteSpace(lead.ContactPhone) ? "" : $"Teléfono: {lead.ContactPhone.Trim()}\n") +
        (string.IsNullOrWhiteSpace(lead.ContactEmail) ? "" : $"Correo: {lead.ContactEmail.Trim()}\n");
}

public sealed class LeadCreatedNotifierDefinition() : EventConsumerDefinition<LeadCreatedNotifier>("lead-created");
