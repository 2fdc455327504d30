using Aspire.Hosting.ApplicationModel;
using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Recoverability;

/// <summary>
/// A message that kills its consumer's process cannot loop forever: the quorum queue counts its
/// deliveries and the broker dead-letters it after the delivery limit (x-death reason
/// delivery_limit). The restarted service goes on processing other messages.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Crashing_a_consumer_end_to_end(OklaMqApp app)
{
    // One instance with a queue of its own (analytics runs twice, over partition queues).
    private const string Service = "notification";
    private const string Queue = "vehicle-created";

    [Fact]
    public async Task Should_dead_letter_it_after_the_delivery_limit_and_keep_processing_other_messages()
    {
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
        var messageId = Guid.NewGuid();

        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, PlainEvents.VehicleCreated(), messageId, fault: $"crash@{Queue}");

        // Each delivery kills the service; start it again (the dashboard's Start command) until the broker gives up.
        var starts = 0;
        var deadLetter = await Polling.Eventually(async () =>
        {
            if (KnownResourceStates.TerminalStates.Contains(app.StateOf(Service)))
            {
                await app.ExecuteCommandAsync(Service, KnownResourceCommands.StartCommand);
                starts++;
            }
            return (await app.Management.PeekAsync($"{Queue}-dlq")).SingleOrDefault(m => m.MessageId == messageId.ToString())
                ?? throw new InvalidOperationException($"Not dead-lettered yet; {Service} is {app.StateOf(Service)} after {starts} starts.");
        }, TimeSpan.FromMinutes(5), $"the broker dead-letters the message after {app.Settings.DeliveryLimit} returned deliveries");

        var death = deadLetter.LatestDeath;
        Assert.NotNull(death);
        Assert.Equal("delivery_limit", (string?)death["reason"]);
        Assert.Equal(Queue, (string?)death["queue"]);
        // Delivered once and redelivered DeliveryLimit times; every delivery was an attempt that crashed.
        var crashes = await app.AttemptsAsync(Queue, messageId);
        Assert.Equal(app.Settings.DeliveryLimit + 1, crashes);
        Assert.Equal([$"{Queue}-dlq"], (await app.DeadLettersOfAsync(messageId)).Keys);
        var fault = await app.FaultRecordEventuallyAsync(Queue, messageId);
        Assert.Equal("delivery_limit", (string?)fault["kind"]);
        Assert.Contains("delivery limit", (string?)fault["reason"]);

        // The last crash killed the service too (unless it was seen, and the service started, before the
        // dead letter was): start it, and it processes other messages.
        if (starts < crashes)
        {
            await Polling.Eventually(() => Task.FromResult(KnownResourceStates.TerminalStates.Contains(app.StateOf(Service))),
                TimeSpan.FromMinutes(1), $"{Service} has stopped after its last crash");
            await app.ExecuteCommandAsync(Service, KnownResourceCommands.StartCommand);
            starts++;
        }
        Assert.Equal(crashes, starts);
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
        var dealerId = Guid.NewGuid();
        await app.CreateVehicleAsync(dealerId, "Mazda", "CX-5", 2022, 1_600_000m);
        await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");
    }
}
