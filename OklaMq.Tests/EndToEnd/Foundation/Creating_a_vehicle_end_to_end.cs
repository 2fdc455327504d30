using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Foundation;

/// <summary>Vehicles → vehicle.events → Notification (dealer, saved alerts) and Analytics.</summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Creating_a_vehicle_end_to_end(OklaMqApp app)
{
    [Fact]
    public async Task Should_notify_the_dealer_and_record_analytics()
    {
        // The dealer registers first, so Notification knows their email address.
        var dealerId = await app.RegisterAsync("Autos del Cibao", accountType: "Dealer");
        await app.NotificationEventuallyAsync(dealerId, "email", "Welcome");

        var vehicleId = await app.CreateVehicleAsync(dealerId, "Toyota", "Corolla", 2021, 1_150_000m);

        var push = await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");
        var email = await app.NotificationEventuallyAsync(dealerId, "email", "VehicleCreated");
        Assert.Contains("Toyota Corolla 2021", (string)push["body"]!);
        Assert.EndsWith("@example.test", (string)email["address"]!);
        var counts = await Polling.Eventually(async () =>
        {
            var dealer = await app.DealerAnalyticsAsync(dealerId);
            Assert.True(dealer.ContainsKey("vehicle.created"), $"dealer analytics: {string.Join(", ", dealer)}");
            return dealer;
        }, OklaApis.EventTimeout, "analytics records vehicle.created for the dealer");
        Assert.Equal(1, counts["vehicle.created"]);
        var tracked = (await app.LatestAnalyticsAsync()).Single(e => (string?)e["entityId"] == vehicleId.ToString());
        Assert.Equal("vehicle.created", (string?)tracked["eventType"]);
        Assert.Equal("Toyota", (string?)tracked["properties"]!["make"]);
    }

    [Fact]
    public async Task Should_notify_a_matching_saved_alert_and_not_a_non_matching_one()
    {
        // A make no other test uses, so only this test's vehicle can match these alerts.
        var make = $"Make{Guid.NewGuid():N}"[..20];
        var interested = Guid.NewGuid();
        var notInterested = Guid.NewGuid();
        await app.SaveAlertAsync(interested, make, yearFrom: 2018, yearTo: 2022, priceTo: 1_500_000m);
        await app.SaveAlertAsync(notInterested, make, yearFrom: 2023, yearTo: 2025, priceTo: 1_500_000m);
        var dealerId = Guid.NewGuid();

        await app.CreateVehicleAsync(dealerId, make, "Tucson", 2020, 1_200_000m);

        var matched = await app.NotificationEventuallyAsync(interested, "push", "VehicleAlertMatched");
        Assert.Contains(make, (string)matched["body"]!);
        // Both alerts were evaluated by the same consumer run as the dealer's and the match's notifications.
        await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Empty(await app.NotificationsAsync(notInterested));
    }
}
