using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.ExactlyOnce;

/// <summary>
/// Redis (the inbox) stops for a while: consumers cannot check whether a message was processed,
/// so they wait and try again in place; none is processed unchecked, lost or dead-lettered, and
/// all are processed once when Redis is back.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Stopping_redis_end_to_end(OklaMqApp app)
{
    private const int Events = 20;

    [Fact]
    public async Task Should_process_waiting_messages_once_after_redis_returns()
    {
        var dealerId = Guid.NewGuid();
        await app.ExecuteCommandAsync(OklaMqApp.Cache, "resource-stop");
        try
        {
            for (var i = 0; i < Events; i++)
            {
                await VehicleUpdates.PublishAsync(app, dealerId, Guid.NewGuid(), sequence: i);
            }
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await app.ExecuteCommandAsync(OklaMqApp.Cache, "resource-start");
        }
        await app.WaitUntilEverythingHealthyAsync(TimeSpan.FromMinutes(2));

        await Polling.Eventually(async () => Assert.Equal(Events, await VehicleUpdates.CountedAsync(app, dealerId)), TimeSpan.FromMinutes(1), "every event waiting during the outage is tracked");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(Events, await VehicleUpdates.CountedAsync(app, dealerId));
        Assert.Empty(await app.FaultsAsync("analytics-events"));
    }
}
