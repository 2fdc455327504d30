using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Sagas;

/// <summary>
/// MQ-SAGA-004 through the running system (Vehicles runs twice), its intervals shrunk to seconds:
/// a lead over HTTP, the dealer reminded and then escalated through Notification's channels.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Following_up_a_lead_end_to_end(OklaMqApp app)
{
    private const string Saga = "lead-follow-up";

    private async Task<(Guid DealerId, string DealerEmail, Guid LeadId)> LeadAsync()
    {
        var dealerEmail = $"dealer-{Guid.NewGuid():N}@example.test";
        var registered = await OklaApis.PostAsync(app.Auth, "/api/auth/register",
            new { email = dealerEmail, fullName = "Autos del Cibao", password = "correct horse battery", accountType = "Dealer" });
        var dealerId = Guid.Parse((string)registered["userId"]!);
        // Notification must know the dealer's address before the escalation's email asks for it.
        await app.NotificationEventuallyAsync(dealerId, "email", "Welcome");
        var vehicleId = await app.CreateVehicleAsync(dealerId, "Hyundai", "Tucson", 2020, 1_350_000m);
        var lead = await OklaApis.PostAsync(app.Vehicles, "/api/leads",
            new { vehicleId, contactName = "Pedro Almonte", contactPhone = "809-555-0123", source = "Web" });
        return (dealerId, dealerEmail, Guid.Parse((string)lead["id"]!));
    }

    [Fact]
    public async Task Should_remind_the_dealer_then_escalate_and_mark_the_lead_unattended()
    {
        var (dealerId, dealerEmail, leadId) = await LeadAsync();

        var escalated = await app.Vehicles.SagaEventuallyAsync(Saga, leadId, "Escalated");

        Assert.NotNull(escalated["data"]!["remindedAt"]);
        await app.NotificationEventuallyAsync(dealerId, "push", "LeadReminder");
        var email = await app.NotificationEventuallyAsync(dealerId, "email", "LeadUnattended");
        Assert.Equal(dealerEmail, (string?)email["address"]);
        // The reminder's SMS, published with the push, has no number to go to (OKLA keeps none for accounts): not sent.
        Assert.Empty(await app.NotificationsOfAsync(dealerId, "sms", "LeadReminder"));
        var lead = await Polling.Eventually(async () =>
        {
            var found = (await app.Vehicles.GetFromJsonAsync<JsonObject>($"/api/leads/{leadId}"))!;
            Assert.Equal("Unattended", (string?)found["status"]);
            return found;
        }, OklaApis.EventTimeout, "the lead is marked Unattended");
        Assert.Equal(leadId.ToString(), (string?)lead["id"]);
    }

    [Fact]
    public async Task Should_end_when_the_dealer_answers()
    {
        var (dealerId, _, leadId) = await LeadAsync();
        var waiting = await app.Vehicles.SagaEventuallyAsync(Saga, leadId, "AwaitingResponse");

        using var answer = await app.Vehicles.PutAsJsonAsync($"/api/leads/{leadId}/status", new { status = "Contacted" });
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());

        var answered = await app.Vehicles.SagaEventuallyAsync(Saga, leadId, "Answered");
        Assert.Equal("Contacted", (string?)answered["data"]!["answeredWith"]);
        // The escalation still arrives from the delay queues, and changes nothing.
        var escalationDue = (DateTime)waiting["data"]!["escalationDueAt"]!;
        await Task.Delay(escalationDue - DateTime.UtcNow + TimeSpan.FromSeconds(3) is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        Assert.Equal("Answered", (string?)(await app.Vehicles.SagaAsync(Saga, leadId))!["state"]);
        Assert.Empty(await app.NotificationsOfAsync(dealerId, "email", "LeadUnattended"));
        Assert.Equal("Contacted", (string?)(await app.Vehicles.GetFromJsonAsync<JsonObject>($"/api/leads/{leadId}"))!["status"]);
    }
}
