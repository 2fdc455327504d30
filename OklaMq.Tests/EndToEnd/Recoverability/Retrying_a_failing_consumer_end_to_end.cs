using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Recoverability;

/// <summary>Immediate retries: a consumer that fails twice succeeds on its third attempt, and the message is processed once.</summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Retrying_a_failing_consumer_end_to_end(OklaMqApp app)
{
    [Fact]
    public async Task Should_process_the_message_once_on_the_third_attempt()
    {
        var dealerId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        await using var pushes = await MessageTap.StartAsync(app, Exchanges.NotificationCommands, RoutingKeys.SendPush);

        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated,
            PlainEvents.VehicleCreated(dealerId: dealerId), messageId, fault: "fail:2@vehicle-created");

        await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");
        Assert.Equal(3, await app.AttemptsAsync("vehicle-created", messageId));
        // Nothing more happens to it: no further attempt, no second notification, no dead letter.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(3, await app.AttemptsAsync("vehicle-created", messageId));
        // The failed attempts published nothing (their outbox was discarded); the successful one published once.
        Assert.Equal(1, pushes.Count(p => (string?)p["recipientUserId"] == dealerId.ToString()));
        Assert.Single(await app.NotificationsAsync(dealerId));
        Assert.Empty(await app.DeadLettersOfAsync(messageId));
        Assert.Empty(await app.FaultsOfMessageAsync("vehicle-created", messageId));
    }
}
