using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.ExactlyOnce;

/// <summary>The inbox: however often, and however concurrently, a message arrives, its effect happens once.</summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Delivering_a_message_several_times_end_to_end(OklaMqApp app)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Should_track_a_message_delivered_five_times_once()
    {
        var dealerId = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        for (var i = 0; i < 5; i++)
        {
            await VehicleUpdates.PublishAsync(app, dealerId, messageId, sequence: 1);
        }

        await Polling.Eventually(async () => Assert.Equal(1, await VehicleUpdates.CountedAsync(app, dealerId)), OklaApis.EventTimeout, "analytics counts the update");
        await Task.Delay(Settle);
        Assert.Equal(1, await VehicleUpdates.CountedAsync(app, dealerId));
    }

    [Fact]
    public async Task Should_track_duplicates_racing_through_two_instances_once()
    {
        // Different ordering keys put the copies in different partitions, processed at the same
        // time by the two analytics instances (or two partitions of one): only the inbox decides.
        var dealerId = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            VehicleUpdates.PublishAsync(app, dealerId, messageId, sequence: 1, orderingKey: $"race-{i}")));

        await Polling.Eventually(async () => Assert.Equal(1, await VehicleUpdates.CountedAsync(app, dealerId)), OklaApis.EventTimeout, "analytics counts the update");
        await Task.Delay(Settle);
        Assert.Equal(1, await VehicleUpdates.CountedAsync(app, dealerId));
    }
}
