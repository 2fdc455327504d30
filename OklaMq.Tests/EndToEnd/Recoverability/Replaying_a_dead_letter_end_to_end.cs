using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Recoverability;

/// <summary>
/// Replay from the dead-letter queue (design document 6.3): once the cause is fixed the message is
/// processed exactly once; while the cause remains it is dead-lettered again, never lost, and the
/// replay is counted. The cause is the Redis switch of the endpoint, which an operator removes.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Replaying_a_dead_letter_end_to_end(OklaMqApp app)
{
    private const string Queue = "vehicle-created";
    private const string Switch = $"okla:fault-injection:{Queue}";

    [Fact]
    public async Task Should_process_it_exactly_once_after_the_cause_is_fixed()
    {
        var dealerId = Guid.NewGuid();
        // Every push command the vehicle-created consumer publishes (only when it succeeds).
        await using var pushes = await MessageTap.StartAsync(app, Exchanges.NotificationCommands, RoutingKeys.SendPush);
        var messageId = await DeadLetterAsync(dealerId);
        Assert.Equal(0, pushes.Count(p => (string?)p["recipientUserId"] == dealerId.ToString()));

        await app.RedisDb.KeyDeleteAsync(Switch);
        var replayed = await ReplayAsync(messageId);

        Assert.Equal([messageId.ToString()], replayed["succeeded"]!.AsArray().Select(id => (string?)id));
        await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");
        // Processed once: one push command published, none more after a while, and not dead-lettered again.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, pushes.Count(p => (string?)p["recipientUserId"] == dealerId.ToString()));
        Assert.Single(await app.NotificationsAsync(dealerId));
        Assert.Empty(await app.DeadLettersOfAsync(messageId));
        var audit = (await app.DeadLetters.GetFromJsonAsync<JsonArray>("/api/dead-letters/audit?count=50"))!;
        Assert.Contains(audit, entry => (string?)entry!["action"] == "replay" && (string?)entry["queue"] == Queue
            && entry["succeeded"]!.AsArray().Any(id => (string?)id == messageId.ToString()));
    }

    [Fact]
    public async Task Should_dead_letter_it_again_while_the_cause_remains()
    {
        var messageId = await DeadLetterAsync(Guid.NewGuid());
        try
        {
            var replayed = await ReplayAsync(messageId);
            Assert.Equal([messageId.ToString()], replayed["succeeded"]!.AsArray().Select(id => (string?)id));

            var again = await app.DeadLetteredEventuallyAsync($"{Queue}-dlq", messageId, m => m.Header("okla-replay-count") == "1");
            Assert.Equal("exception", again.Header("okla-dead-letter-kind"));
            Assert.Single(await app.DeadLettersOfAsync(messageId), q => q.Key == $"{Queue}-dlq" && q.Value.Count == 1);
            Assert.Equal(2 * app.Settings.AttemptsUntilDeadLettered, await app.AttemptsAsync(Queue, messageId));
            var faults = await Polling.Eventually(async () =>
            {
                var recorded = await app.FaultsOfMessageAsync(Queue, messageId);
                Assert.Equal(2, recorded.Count);
                return recorded;
            }, DeadLetterInspection.DeadLetterTimeout, "both dead-letterings are recorded");
            Assert.Equal([0, 1], faults.Select(f => (int)f["replayCount"]!).Order());
        }
        finally
        {
            await app.RedisDb.KeyDeleteAsync(Switch);
        }
    }

    /// <summary>Breaks the endpoint with its Redis switch and publishes a vehicle that ends in the dead-letter queue.</summary>
    private async Task<Guid> DeadLetterAsync(Guid dealerId)
    {
        var messageId = Guid.NewGuid();
        await app.RedisDb.StringSetAsync(Switch, "always");
        try
        {
            await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, PlainEvents.VehicleCreated(dealerId: dealerId), messageId);
            await app.DeadLetteredEventuallyAsync($"{Queue}-dlq", messageId);
            Assert.Equal(app.Settings.AttemptsUntilDeadLettered, await app.AttemptsAsync(Queue, messageId));
            return messageId;
        }
        catch
        {
            await app.RedisDb.KeyDeleteAsync(Switch);
            throw;
        }
    }

    private async Task<JsonObject> ReplayAsync(Guid messageId) =>
        await OklaApis.PostAsync(app.DeadLetters, $"/api/dead-letters/{Queue}/replay", new { messageIds = new[] { messageId } }, HttpStatusCode.OK);
}
