using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.ExactlyOnce;

/// <summary>
/// kill -9 of a consumer after its effect committed and before the broker got the acknowledgement
/// (fault <c>crash-after</c>, Environment.FailFast): the broker redelivers the message, the inbox
/// finds it done, and the effect stays single.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Crashing_after_the_effect_end_to_end(OklaMqApp app)
{
    [Fact]
    public async Task Should_leave_one_effect_after_the_redelivery()
    {
        app.FollowProcesses();
        var dealerId = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        await VehicleUpdates.PublishAsync(app, dealerId, messageId, sequence: 1, fault: "crash-after@analytics-events");

        await Polling.Eventually(() => Task.FromResult(app.AnyStopped("analytics")), OklaApis.EventTimeout, "an analytics process crashed after tracking the update");
        await app.StartStoppedAsync("analytics");
        // Redelivered (to the other instance, or the restarted one) and acknowledged as a duplicate.
        await Polling.Eventually(async () => Assert.True(await app.AttemptsAsync("analytics-events", messageId) >= 2), OklaApis.EventTimeout, "the message was delivered again after the crash");
        Assert.Equal(1, await VehicleUpdates.CountedAsync(app, dealerId));
        // Nothing left unacknowledged, every partition consumed (a single-active-consumer queue
        // reports its active consumer only), and both instances running again.
        await Polling.Eventually(async () =>
        {
            var partitions = await Task.WhenAll(Enumerable.Range(0, app.Settings.OrderingQueues).Select(p => app.Rabbit.QueueStateAsync($"analytics-events-p{p}")));
            Assert.All(partitions, p => Assert.Equal((0u, 1u), (p.Messages, p.Consumers)));
        }, OklaApis.EventTimeout, "the partitions are empty and consumed");
        Assert.False(app.AnyStopped("analytics"), app.DescribeProcesses("analytics"));
    }
}
