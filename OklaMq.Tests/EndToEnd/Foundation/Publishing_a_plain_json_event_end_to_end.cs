using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Foundation;

/// <summary>
/// A service in another language publishes plain JSON (no MassTransit envelope, no type header) to
/// a domain exchange with the routing key; OklaMq's consumers handle it like any other event.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Publishing_a_plain_json_event_end_to_end(OklaMqApp app)
{
    [Fact]
    public async Task Should_be_consumed_like_any_other_event()
    {
        var dealerId = Guid.NewGuid();
        var vehicleId = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated,
            PlainEvents.VehicleCreated(vehicleId, dealerId, make: "Honda", model: "Civic", year: 2018, price: 850_000m), messageId);

        var push = await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");
        Assert.Contains("Honda Civic 2018", (string)push["body"]!);
        var tracked = await Polling.Eventually(async () =>
            (await app.LatestAnalyticsAsync()).Single(e => (string?)e["entityId"] == vehicleId.ToString()),
            OklaApis.EventTimeout, "analytics tracks the plain JSON event");
        Assert.Equal("vehicle.created", (string?)tracked["eventType"]);
        Assert.Equal(messageId.ToString(), (string?)tracked["messageId"]);
        Assert.Equal(850_000m, (decimal)tracked["properties"]!["price"]!);
    }
}
