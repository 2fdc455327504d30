using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.AnalyticsService.Model;
using OklaMq.Contracts.Events;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Analytics;

[Collection(RedisCollection.Name)]
public sealed class Tracking_domain_events(LocalRedis redis) : AnalyticsSpec(redis)
{
    private readonly AnalyticsSpecEvents _events = new();

    private async Task<AnalyticsEvent> LatestOfAsync(string eventType, Guid entityId) =>
        (await Store.LatestAsync(AnalyticsStore.LatestCapacity)).First(e => e.EventType == eventType && e.EntityId == entityId);

    private static decimal Number(AnalyticsEvent tracked, string property) => ((JsonElement)tracked.Properties[property]!).GetDecimal();

    private static string? Text(AnalyticsEvent tracked, string property) => ((JsonElement)tracked.Properties[property]!).GetString();

    [Fact]
    public async Task Should_count_each_of_the_fifteen_event_types_once()
    {
        var before = await Store.CountsAsync();

        await _events.PublishAllAsync(Harness.Bus);
        await Harness.InactivityTask;

        var after = await Store.CountsAsync();
        Assert.Equal(AnalyticsEvents.All, after.Keys.Where(AnalyticsEvents.All.Contains));
        foreach (var type in AnalyticsEvents.All)
        {
            Assert.True(after[type] == before.GetValueOrDefault(type) + 1, $"{type}: {before.GetValueOrDefault(type)} before, {after[type]} after.");
        }
        await AssertNoFaultAsync<VehicleCreatedEvent>();
        await AssertNoFaultAsync<LeadStatusUpdatedEvent>();
    }

    [Fact]
    public async Task Should_count_the_events_of_each_dealer()
    {
        await _events.PublishAllAsync(Harness.Bus);
        await Harness.InactivityTask;

        // The nine events that name a dealer: vehicle created/updated/deleted/sold, a payment with a dealer and its refund, subscription created/cancelled, lead created.
        var counts = await Store.DealerCountsAsync(_events.DealerId);
        Assert.Equal(new Dictionary<string, long>
        {
            ["vehicle.created"] = 1,
            ["vehicle.updated"] = 1,
            ["vehicle.deleted"] = 1,
            ["vehicle.sold"] = 1,
            ["payment.success"] = 1,
            ["subscription.created"] = 1,
            ["subscription.cancelled"] = 1,
            ["lead.created"] = 1,
            ["payment.refunded"] = 1,
        }, counts);
        Assert.Equal(9, (await Store.DealerTotalsAsync(1000))[_events.DealerId.ToString()]);
        Assert.Empty(await Store.DealerCountsAsync(Guid.NewGuid()));
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_record_make_model_year_and_price_of_a_new_vehicle()
    {
        await PublishAndWaitAsync(_events.VehicleCreated);

        var tracked = await LatestOfAsync("vehicle.created", _events.VehicleCreated.VehicleId);
        Assert.Equal(_events.DealerId, tracked.DealerId);
        Assert.Equal("Toyota", Text(tracked, "make"));
        Assert.Equal("RAV4", Text(tracked, "model"));
        Assert.Equal(2021, Number(tracked, "year"));
        Assert.Equal(1_850_000m, Number(tracked, "price"));
        Assert.Equal(AnalyticsSpecEvents.At, tracked.Timestamp);
        Assert.NotNull(tracked.MessageId);
        await AssertNoFaultAsync<VehicleCreatedEvent>();
    }

    [Fact]
    public async Task Should_record_sale_price_and_buyer_of_a_sale()
    {
        await PublishAndWaitAsync(_events.VehicleSold);

        var tracked = await LatestOfAsync("vehicle.sold", _events.VehicleSold.VehicleId);
        Assert.Equal(_events.DealerId, tracked.DealerId);
        Assert.Equal(1_790_000m, Number(tracked, "sale_price"));
        Assert.Equal(_events.BuyerId.ToString(), Text(tracked, "buyer_id"));
        Assert.Equal(_events.VehicleSold.SoldAt, tracked.Timestamp);
        await AssertNoFaultAsync<VehicleSoldEvent>();
    }

    [Fact]
    public async Task Should_record_amount_currency_type_and_gateway_of_a_payment()
    {
        await PublishAndWaitAsync(_events.PaymentSuccess);

        var tracked = await LatestOfAsync("payment.success", _events.PaymentSuccess.PaymentId);
        Assert.Equal(_events.DealerId, tracked.DealerId);
        Assert.Equal(4_500m, Number(tracked, "amount"));
        Assert.Equal("DOP", Text(tracked, "currency"));
        Assert.Equal("Featured", Text(tracked, "payment_type"));
        Assert.Equal("Azul", Text(tracked, "gateway"));
        Assert.Equal(_events.PaymentSuccess.ProcessedAt, tracked.Timestamp);
        await AssertNoFaultAsync<PaymentSuccessEvent>();
    }

    [Fact]
    public async Task Should_record_amount_and_currency_of_a_refund()
    {
        await PublishAndWaitAsync(_events.PaymentRefunded);

        var tracked = await LatestOfAsync("payment.refunded", _events.PaymentRefunded.PaymentId);
        Assert.Equal(_events.DealerId, tracked.DealerId);
        Assert.Equal(4_500m, Number(tracked, "amount"));
        Assert.Equal("DOP", Text(tracked, "currency"));
        Assert.False(tracked.Properties.ContainsKey("reason"), "The refund's reason is free text.");
        Assert.Equal(_events.PaymentRefunded.RefundedAt, tracked.Timestamp);
        await AssertNoFaultAsync<PaymentRefundedEvent>();
    }

    [Fact]
    public async Task Should_record_source_and_vehicle_of_a_lead()
    {
        await PublishAndWaitAsync(_events.LeadCreated);

        var tracked = await LatestOfAsync("lead.created", _events.LeadCreated.LeadId);
        Assert.Equal(_events.DealerId, tracked.DealerId);
        Assert.Equal("WhatsApp", Text(tracked, "source"));
        Assert.Equal(_events.LeadCreated.VehicleId.ToString(), Text(tracked, "vehicle_id"));
        await AssertNoFaultAsync<LeadCreatedEvent>();
    }

    [Fact]
    public async Task Should_list_the_latest_events_newest_first()
    {
        await PublishAndWaitAsync(_events.SubscriptionCreated);
        await PublishAndWaitAsync(_events.SubscriptionCancelled);

        var latest = await Store.LatestAsync(2);
        Assert.Equal(["subscription.cancelled", "subscription.created"], latest.Select(e => e.EventType));
        Assert.All(latest, e => Assert.Equal(_events.SubscriptionCreated.SubscriptionId, e.EntityId));
        await AssertNoFaultAsync<SubscriptionCreatedEvent>();
        await AssertNoFaultAsync<SubscriptionCancelledEvent>();
    }

    [Fact]
    public async Task Should_keep_only_the_latest_thousand_events()
    {
        var store = Store;
        for (var i = 0; i < AnalyticsStore.LatestCapacity + 5; i++)
        {
            await TrackDirectlyAsync(AnalyticsEvents.From(new LeadStatusUpdatedEvent { LeadId = Guid.NewGuid(), OldStatus = "New", NewStatus = "Lost", UpdatedAt = DateTime.UtcNow }) with { MessageId = Guid.NewGuid() });
        }

        Assert.Equal(AnalyticsStore.LatestCapacity, (await store.LatestAsync(int.MaxValue)).Count);
    }
}
