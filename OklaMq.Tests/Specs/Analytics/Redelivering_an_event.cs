using MassTransit;
using MassTransit.Testing;
using OklaMq.AnalyticsService.Infrastructure;
using OklaMq.Contracts.Events;
using OklaMq.Tests.Infrastructure;

namespace OklaMq.Tests.Specs.Analytics;

[Collection(RedisCollection.Name)]
public sealed class Redelivering_an_event(LocalRedis redis) : AnalyticsSpec(redis)
{
    private readonly AnalyticsSpecEvents _events = new();

    [Fact]
    public async Task Should_count_a_redelivered_message_once()
    {
        var messageId = Guid.NewGuid();
        var before = (await Store.CountsAsync()).GetValueOrDefault("vehicle.sold");

        await Harness.Bus.Publish(_events.VehicleSold, context => context.MessageId = messageId);
        await Harness.Bus.Publish(_events.VehicleSold, context => context.MessageId = messageId);
        await Harness.InactivityTask;

        Assert.Equal(before + 1, (await Store.CountsAsync())["vehicle.sold"]);
        Assert.Equal(1, (await Store.DealerCountsAsync(_events.DealerId))["vehicle.sold"]);
        Assert.Single(await Store.LatestAsync(AnalyticsStore.LatestCapacity), e => e.EntityId == _events.VehicleSold.VehicleId);
        await AssertNoFaultAsync<VehicleSoldEvent>();
    }

    [Fact]
    public async Task Should_count_the_same_sale_once_whatever_its_message_id()
    {
        // A vehicle is sold once: its VehicleId identifies the fact (MessageRoute.IdempotencyKey).
        await Harness.Bus.Publish(_events.VehicleSold, context => context.MessageId = Guid.NewGuid());
        await Harness.Bus.Publish(_events.VehicleSold, context => context.MessageId = Guid.NewGuid());
        await Harness.InactivityTask;

        Assert.Equal(1, (await Store.DealerCountsAsync(_events.DealerId))["vehicle.sold"]);
        await AssertNoFaultAsync<VehicleSoldEvent>();
    }

    [Fact]
    public async Task Should_count_two_messages_with_the_same_content_twice()
    {
        // Two publications are two facts (a dealer re-listing, a retried login); only the message id makes a repeat.
        await Harness.Bus.Publish(_events.UserLoggedIn);
        await Harness.Bus.Publish(_events.UserLoggedIn);
        await Harness.InactivityTask;

        Assert.Equal(2, (await Store.LatestAsync(AnalyticsStore.LatestCapacity)).Count(e => e.EntityId == _events.UserId));
        await AssertNoFaultAsync<UserLoggedInEvent>();
    }
}
