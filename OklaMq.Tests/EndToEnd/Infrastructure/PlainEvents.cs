namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// Events as a service in another language writes them: plain camelCase JSON objects, no MassTransit
/// envelope. Each call has fresh ids unless given.
/// </summary>
public static class PlainEvents
{
    public static object VehicleCreated(Guid? vehicleId = null, Guid? dealerId = null, string make = "Kia", string model = "Rio", int year = 2019, decimal price = 700_000m) => new
    {
        vehicleId = vehicleId ?? Guid.NewGuid(),
        dealerId = dealerId ?? Guid.NewGuid(),
        make,
        model,
        year,
        price,
        status = "Pending",
        createdAt = DateTime.UtcNow,
        correlationId = Guid.NewGuid(),
    };

    public static object LeadCreated(Guid dealerId, Guid? leadId = null) => new
    {
        leadId = leadId ?? Guid.NewGuid(),
        vehicleId = Guid.NewGuid(),
        dealerId,
        contactName = "Carla Núñez",
        contactPhone = "809-555-0199",
        source = "Web",
        createdAt = DateTime.UtcNow,
    };

    public static object VehicleSold(Guid dealerId, Guid? vehicleId = null, decimal salePrice = 950_000m) => new
    {
        vehicleId = vehicleId ?? Guid.NewGuid(),
        dealerId,
        buyerId = Guid.NewGuid(),
        salePrice,
        soldAt = DateTime.UtcNow,
    };
}
