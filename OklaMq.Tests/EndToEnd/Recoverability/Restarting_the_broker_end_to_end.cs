using Aspire.Hosting.ApplicationModel;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Recoverability;

/// <summary>
/// The delay infrastructure is durable: messages waiting in the delay queues when the broker
/// restarts (the process broker keeps its data folder) are all delivered afterwards.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Restarting_the_broker_end_to_end(OklaMqApp app)
{
    private const int Waiting = 5;
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Should_lose_no_message_waiting_in_the_delay_queues()
    {
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
        var delays = new DelayTopology(new RabbitMqSettings().DelayLevels);
        var dealerId = Guid.NewGuid();
        // 25 s = 16 + 8 + 1: each message waits first in the 16-second queue.
        var firstLevel = DelayTopology.LevelName(4);
        var (before, _) = await app.Rabbit.QueueStateAsync(firstLevel);

        // As a scheduled message is sent: into the entry exchange, the delay and destination in the routing key.
        for (var i = 0; i < Waiting; i++)
        {
            await app.Rabbit.PublishJsonAsync(delays.EntryExchange, delays.RoutingKey(Delay, "analytics-events"),
                PlainEvents.VehicleCreated(dealerId: dealerId), Guid.NewGuid(), type: "vehicle.created");
        }
        var (waiting, _) = await app.Rabbit.QueueStateAsync(firstLevel);
        Assert.True(waiting - before >= Waiting, $"{firstLevel} holds {waiting} messages (had {before}).");

        await app.ExecuteCommandAsync(OklaMqApp.Broker, KnownResourceCommands.RestartCommand);
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);

        var tracked = await Polling.Eventually(async () =>
        {
            var counts = await app.DealerAnalyticsAsync(dealerId);
            Assert.Equal(Waiting, counts.GetValueOrDefault("vehicle.created"));
            return counts;
        }, TimeSpan.FromMinutes(2), $"all {Waiting} delayed messages are delivered after the broker restart");
        Assert.Equal(Waiting, tracked["vehicle.created"]);
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
    }
}
