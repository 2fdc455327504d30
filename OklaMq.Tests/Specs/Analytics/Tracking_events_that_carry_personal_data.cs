using System.Text.Encodings.Web;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.AnalyticsService.Model;
using OklaMq.Contracts.Events;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Analytics;

[Collection(RedisCollection.Name)]
public sealed class Tracking_events_that_carry_personal_data(LocalRedis redis) : AnalyticsSpec(redis)
{
    private readonly AnalyticsSpecEvents _events = new();

    /// <summary>Unescaped, so "José" is searched as written.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task<IReadOnlyList<AnalyticsEvent>> TrackedAsync()
    {
        var ours = new HashSet<Guid>
        {
            _events.VehicleCreated.VehicleId, _events.VehicleDeleted.VehicleId, _events.UserId,
            _events.PaymentSuccess.PaymentId, _events.PaymentFailed.PaymentId,
            _events.SubscriptionCreated.SubscriptionId, _events.LeadCreated.LeadId,
        };
        return (await Store.LatestAsync(AnalyticsStore.LatestCapacity)).Where(e => ours.Contains(e.EntityId)).ToList();
    }

    [Fact]
    public async Task Should_keep_no_names_phones_emails_or_ip_addresses_in_any_event()
    {
        await _events.PublishAllAsync(Harness.Bus);
        await Harness.InactivityTask;

        var tracked = await TrackedAsync();
        Assert.Equal(15, tracked.Count);
        foreach (var analyticsEvent in tracked)
        {
            var json = JsonSerializer.Serialize(analyticsEvent, Readable);
            foreach (var personal in AnalyticsSpecEvents.PersonalData)
            {
                Assert.False(json.Contains(personal, StringComparison.OrdinalIgnoreCase), $"{analyticsEvent.EventType} keeps '{personal}': {json}");
            }
        }
        await AssertNoFaultAsync<LeadCreatedEvent>();
        await AssertNoFaultAsync<UserLoggedInEvent>();
    }

    [Fact]
    public async Task Should_keep_only_source_vehicle_and_buyer_of_a_lead()
    {
        await PublishAndWaitAsync(_events.LeadCreated);

        var lead = Assert.Single(await TrackedAsync());
        Assert.Equal(["vehicle_id", "source", "buyer_id"], lead.Properties.Keys);
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    [Fact]
    public async Task Should_keep_no_property_of_a_login()
    {
        await PublishAndWaitAsync(_events.UserLoggedIn);

        var login = Assert.Single(await TrackedAsync());
        Assert.Equal("user.login", login.EventType);
        Assert.Empty(login.Properties);
        await AssertNoFaultAsync<UserLoggedInEvent>();
    }

    [Fact]
    public async Task Should_keep_which_vehicle_fields_changed_but_not_their_values()
    {
        await PublishAndWaitAsync(_events.VehicleUpdated);

        var updated = Assert.Single(await TrackedAsync(), e => e.EventType == "vehicle.updated");
        var fields = ((JsonElement)updated.Properties["changed_fields"]!).EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(["description", "price"], fields);
        await AssertNoFaultAsync<VehicleUpdatedEvent>();
    }
}
