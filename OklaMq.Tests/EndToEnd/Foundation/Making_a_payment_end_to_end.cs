using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Foundation;

/// <summary>Billing → billing.events → Notification's receipt, and Analytics.</summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Making_a_payment_end_to_end(OklaMqApp app)
{
    [Fact]
    public async Task Should_send_the_payer_a_receipt()
    {
        var userId = await app.RegisterAsync("Luis Peña");
        await app.NotificationEventuallyAsync(userId, "email", "Welcome");

        var payment = await OklaApis.PostAsync(app.Billing, "/api/payments",
            new { userId, amount = 2_500m, paymentType = "Listing", gateway = "Azul" });
        Assert.Equal("Succeeded", (string?)payment["status"]);
        var transactionId = (string)payment["transactionId"]!;

        var receipt = await app.NotificationEventuallyAsync(userId, "email", "PaymentReceipt");
        Assert.Contains(transactionId, (string)receipt["body"]!);
        await app.NotificationEventuallyAsync(userId, "push", "PaymentReceipt");
        await Polling.Eventually(async () =>
            (await app.LatestAnalyticsAsync()).Single(e => (string?)e["eventType"] == "payment.success" && (string?)e["entityId"] == (string?)payment["id"]),
            OklaApis.EventTimeout, "analytics tracks payment.success");
    }
}
