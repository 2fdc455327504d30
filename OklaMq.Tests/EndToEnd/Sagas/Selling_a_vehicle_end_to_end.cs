using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Sagas;

/// <summary>
/// MQ-SAGA-001 through the running system (Vehicles runs twice), its reservation window shrunk to
/// seconds: a buyer reserves over HTTP, Billing charges the deposit, the dealer confirms, or the
/// window ends and the deposit is refunded; two buyers racing for one vehicle.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Selling_a_vehicle_end_to_end(OklaMqApp app)
{
    private const string Saga = "vehicle-sale";
    private const decimal Price = 1_150_000m;

    private readonly Guid _dealerId = Guid.NewGuid();
    private readonly Guid _buyerId = Guid.NewGuid();

    /// <summary>A listed vehicle: created (Pending), then Active.</summary>
    private async Task<Guid> ActiveVehicleAsync()
    {
        var vehicleId = await app.CreateVehicleAsync(_dealerId, "Toyota", "Corolla", 2021, Price);
        await OklaApis.PostAsync(app.Vehicles, $"/api/vehicles/{vehicleId}/status", new { status = "Active" }, HttpStatusCode.OK);
        return vehicleId;
    }

    private async Task<Guid> ReserveAsync(Guid vehicleId, Guid buyerId)
    {
        var accepted = await OklaApis.PostAsync(app.Vehicles, $"/api/vehicles/{vehicleId}/reservations", new { buyerId }, HttpStatusCode.Accepted);
        return Guid.Parse((string)accepted["reservationId"]!);
    }

    private async Task<JsonObject> VehicleAsync(Guid vehicleId) => (await app.Vehicles.GetFromJsonAsync<JsonObject>($"/api/vehicles/{vehicleId}"))!;

    private async Task<JsonObject> PaymentAsync(Guid paymentId) => (await app.Billing.GetFromJsonAsync<JsonObject>($"/api/payments/{paymentId}"))!;

    [Fact]
    public async Task Should_reserve_the_vehicle_with_the_deposit_and_sell_it_when_the_dealer_confirms()
    {
        var vehicleId = await ActiveVehicleAsync();

        var reservationId = await ReserveAsync(vehicleId, _buyerId);

        var reserved = await app.Vehicles.SagaEventuallyAsync(Saga, reservationId, "Reserved");
        Assert.Single(reserved["pendingTimeouts"]!.AsArray());
        Assert.Equal("Reserved", (string?)(await VehicleAsync(vehicleId))["status"]);
        var deposit = await PaymentAsync(reservationId);
        Assert.Equal("Succeeded", (string?)deposit["status"]);
        Assert.Equal(57_500m, (decimal)deposit["amount"]!);
        Assert.Equal("Deposit", (string?)deposit["paymentType"]);

        await OklaApis.PostAsync(app.Vehicles, $"/api/vehicles/{vehicleId}/reservations/{reservationId}/confirm",
            new { dealerId = _dealerId, salePrice = 1_120_000m }, HttpStatusCode.Accepted);

        await app.Vehicles.SagaEventuallyAsync(Saga, reservationId, "Sold");
        var sold = await VehicleAsync(vehicleId);
        Assert.Equal("Sold", (string?)sold["status"]);
        Assert.Equal(_buyerId.ToString(), (string?)sold["buyerId"]);
        Assert.Equal(1_120_000m, (decimal)sold["salePrice"]!);
        // vehicle.sold reached Notification: the dealer and the buyer are told.
        await app.NotificationEventuallyAsync(_dealerId, "push", "VehicleSold");
        await app.NotificationEventuallyAsync(_buyerId, "push", "VehiclePurchased");
    }

    [Fact]
    public async Task Should_let_one_of_several_buyers_racing_for_a_vehicle_reserve_it_and_tell_the_others()
    {
        var vehicleId = await ActiveVehicleAsync();
        var buyers = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        var answers = await Task.WhenAll(buyers.Select(async buyerId =>
        {
            using var response = await app.Vehicles.PostAsJsonAsync($"/api/vehicles/{vehicleId}/reservations", new { buyerId });
            return (buyerId, response.StatusCode, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
        }));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        Assert.All(answers.Where(a => a != winner), loser =>
        {
            Assert.Equal(HttpStatusCode.Conflict, loser.StatusCode);
            Assert.Contains("already reserved by another buyer", (string?)loser.Body["detail"]);
        });
        var reservationId = Guid.Parse((string)winner.Body["reservationId"]!);
        var reserved = await app.Vehicles.SagaEventuallyAsync(Saga, reservationId, "Reserved");
        Assert.Equal(winner.buyerId.ToString(), (string?)reserved["data"]!["buyerId"]);
        var vehicle = await VehicleAsync(vehicleId);
        Assert.Equal(reservationId.ToString(), (string?)vehicle["reservation"]!["id"]);
    }

    [Fact]
    public async Task Should_refund_the_deposit_and_list_the_vehicle_again_when_the_window_ends_unconfirmed()
    {
        var vehicleId = await ActiveVehicleAsync();
        var reservationId = await ReserveAsync(vehicleId, _buyerId);
        await app.Vehicles.SagaEventuallyAsync(Saga, reservationId, "Reserved");

        // The window (seconds here) through the delay queues, then the refund through Billing.
        var expired = await app.Vehicles.SagaEventuallyAsync(Saga, reservationId, "Expired", OklaApis.EventTimeout + app.Settings.ReservationWindow);

        Assert.NotNull(expired["data"]!["refundedAt"]);
        Assert.Empty(expired["pendingTimeouts"]!.AsArray());
        var vehicle = await VehicleAsync(vehicleId);
        Assert.Equal("Active", (string?)vehicle["status"]);
        Assert.Null(vehicle["reservation"]);
        Assert.Equal("Refunded", (string?)(await PaymentAsync(reservationId))["status"]);
        // A confirmation now is refused: the vehicle is no longer held for that reservation.
        await OklaApis.PostAsync(app.Vehicles, $"/api/vehicles/{vehicleId}/reservations/{reservationId}/confirm",
            new { dealerId = _dealerId }, HttpStatusCode.Conflict);
        // And the vehicle can be reserved again.
        await ReserveAsync(vehicleId, Guid.NewGuid());
    }

    [Fact]
    public async Task Should_release_the_vehicle_when_the_deposit_is_declined()
    {
        var vehicleId = await ActiveVehicleAsync();
        await app.Billing.PutAsJsonAsync($"/api/gateway/declines/{_buyerId}", new { times = 1, reason = "Fondos insuficientes" });

        var reservationId = await ReserveAsync(vehicleId, _buyerId);

        var declined = await app.Vehicles.SagaEventuallyAsync(Saga, reservationId, "Declined");
        Assert.Equal("Fondos insuficientes", (string?)declined["data"]!["paymentFailure"]);
        var vehicle = await VehicleAsync(vehicleId);
        Assert.Equal("Active", (string?)vehicle["status"]);
        Assert.Null(vehicle["reservation"]);
        Assert.Equal("Failed", (string?)(await PaymentAsync(reservationId))["status"]);
    }
}
