using Aspire.Hosting.ApplicationModel;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.ServiceDefaults.Messaging.Ordering;
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
    // Longer than a restart (~10-20 s here), so the messages wait through all of it.
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Should_lose_no_message_waiting_in_the_delay_queues()
    {
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
        var delays = new DelayTopology(new RabbitMqSettings().DelayLevels);
        var dealerId = Guid.NewGuid();
        // 40 s = 32 + 8: each message waits first in the 32-second queue.
        var firstLevel = DelayTopology.LevelName(5);
        var (before, _) = await app.Rabbit.QueueStateAsync(firstLevel);

        // As a scheduled message is sent: into the entry exchange, the delay and destination in the routing key.
        for (var i = 0; i < Waiting; i++)
        {
            // To one of analytics' partition queues: each binds the delay delivery exchange with its own name.
            await app.Rabbit.PublishJsonAsync(delays.EntryExchange, delays.RoutingKey(Delay, EndpointIdentity.PartitionQueue("analytics-events", 0)),
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
            // Generous: a message whose wait ends while the broker boots can find its next delay queue not
            // started yet (the broker logs "Cannot forward any dead-letter messages from source quorum
            // queue"); at-least-once dead-lettering keeps it in its delay queue and routes it again after
            // dead_letter_worker_publisher_confirm_timeout: 180 s by default (rabbit.app of RabbitMQ 3.10.8).
        }, TimeSpan.FromMinutes(5), $"all {Waiting} delayed messages are delivered after the broker restart");
        Assert.Equal(Waiting, tracked["vehicle.created"]);
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
    }
}
