using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Sagas;

/// <summary>
/// MQ-SAGA-002 through the running system, its dunning schedule shrunk to seconds: a dealer
/// subscribes over HTTP, Billing charges the plan; a card that keeps declining is charged again on
/// the schedule, then the subscription is cancelled and the dealer told; a payment after that is
/// refunded. (Dunning that ends in a successful charge is a spec: Activating_a_subscription.)
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Activating_a_subscription_end_to_end(OklaMqApp app)
{
    private const string Saga = "subscription-activation";

    private readonly Guid _dealerId = Guid.NewGuid();

    private async Task<Guid> SubscribeAsync()
    {
        var accepted = await OklaApis.PostAsync(app.Billing, "/api/subscriptions", new { dealerId = _dealerId, planId = "pro" }, HttpStatusCode.Accepted);
        Assert.Equal("Pending", (string?)accepted["status"]);
        return Guid.Parse((string)accepted["id"]!);
    }

    private async Task<JsonObject> SubscriptionAsync(Guid id) => (await app.Billing.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}"))!;

    /// <summary>The simulated gateway declines every charge of the dealer until the switch is removed.</summary>
    private async Task DeclineEveryChargeAsync()
    {
        using var response = await app.Billing.PutAsJsonAsync($"/api/gateway/declines/{_dealerId}", new { reason = "Tarjeta vencida" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_activate_the_subscription_once_its_first_charge_succeeds()
    {
        var subscriptionId = await SubscribeAsync();

        var activated = await app.Billing.SagaEventuallyAsync(Saga, subscriptionId, "Activated");

        Assert.Equal(1, (int)activated["data"]!["attempt"]!);
        var subscription = await SubscriptionAsync(subscriptionId);
        Assert.Equal("Active", (string?)subscription["status"]);
        Assert.NotNull(subscription["activatedAt"]);
        var push = await app.NotificationEventuallyAsync(_dealerId, "push", "SubscriptionCreated");
        Assert.Contains("Profesional", (string?)push["body"]);
    }

    [Fact]
    public async Task Should_cancel_when_every_charge_fails_and_refund_a_payment_that_comes_after()
    {
        await DeclineEveryChargeAsync();
        var subscriptionId = await SubscribeAsync();

        var cancelled = await app.Billing.SagaEventuallyAsync(Saga, subscriptionId, "Cancelled");

        Assert.Equal(1 + app.Settings.DunningIntervals.Length, (int)cancelled["data"]!["attempt"]!);
        var subscription = await SubscriptionAsync(subscriptionId);
        Assert.Equal("Cancelled", (string?)subscription["status"]);
        Assert.Null(subscription["activatedAt"]);
        await app.NotificationEventuallyAsync(_dealerId, "push", "SubscriptionCancelled");
        // Each declined charge told the dealer.
        await Polling.Eventually(async () => Assert.Equal(1 + app.Settings.DunningIntervals.Length, (await app.NotificationsOfAsync(_dealerId, "push", "PaymentFailed")).Count),
            OklaApis.EventTimeout, "the dealer is told of every declined charge");

        // The dealer fixes the card and pays after all: the payment goes through, and is given back.
        using (var removed = await app.Billing.DeleteAsync($"/api/gateway/declines/{_dealerId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }
        var late = await OklaApis.PostAsync(app.Billing, $"/api/subscriptions/{subscriptionId}/payments", new { });
        Assert.Equal("Succeeded", (string?)late["status"]);
        var paymentId = (string)late["id"]!;

        await Polling.Eventually(async () =>
        {
            var payment = (await app.Billing.GetFromJsonAsync<JsonObject>($"/api/payments/{paymentId}"))!;
            Assert.Equal("Refunded", (string?)payment["status"]);
        }, OklaApis.EventTimeout, "the late payment is refunded");
        var saga = (await app.Billing.SagaAsync(Saga, subscriptionId))!;
        Assert.Equal("Cancelled", (string?)saga["state"]);
        Assert.Equal(paymentId, (string?)saga["data"]!["refundedPayments"]!.AsArray().Single());
        Assert.Equal("Cancelled", (string?)(await SubscriptionAsync(subscriptionId))["status"]);
    }
}
