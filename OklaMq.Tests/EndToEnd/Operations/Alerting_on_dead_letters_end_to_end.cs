using System.Net;
using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Operations;

/// <summary>
/// The document's DLQNotEmpty alert through the running system (issue 11): a message dead-lettered
/// by its consumer makes Prometheus fire the alert for that endpoint, from the broker's own count
/// of its dead-letter queue; replaying it (once the cause is fixed) clears the alert.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Alerting_on_dead_letters_end_to_end(OklaMqApp app)
{
    private const string Alert = "DLQNotEmpty";
    private const string Queue = "vehicle-sold";
    private const string Switch = $"okla:fault-injection:{Queue}";

    [Fact]
    public async Task Should_fire_DLQNotEmpty_for_the_queue_and_clear_it_when_the_dead_letter_is_replayed()
    {
        using var prometheus = new PrometheusApi(app);
        // From an empty dead-letter queue: no alert before this test's dead letter.
        await OklaApis.PostAsync(app.DeadLetters, $"/api/dead-letters/{Queue}/purge", new { all = true }, HttpStatusCode.OK);
        await prometheus.QuietEventuallyAsync(Alert, Queue);

        var messageId = Guid.NewGuid();
        await app.RedisDb.StringSetAsync(Switch, "invalid");
        try
        {
            await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleSold, PlainEvents.VehicleSold(Guid.NewGuid()), messageId);
            await app.DeadLetteredEventuallyAsync($"{Queue}-dlq", messageId);
        }
        finally
        {
            // The cause is fixed; the dead letter stays until it is replayed.
            await app.RedisDb.KeyDeleteAsync(Switch);
        }

        var alert = await prometheus.FiringEventuallyAsync(Alert, Queue);
        Assert.Equal("warning", (string?)alert["labels"]!["severity"]);
        Assert.Equal($"Dead letter queue {Queue}-dlq has 1 messages", (string?)alert["annotations"]!["summary"]);

        var replayed = await OklaApis.PostAsync(app.DeadLetters, $"/api/dead-letters/{Queue}/replay", new { messageIds = new[] { messageId } }, HttpStatusCode.OK);
        Assert.Equal([messageId.ToString()], replayed["succeeded"]!.AsArray().Select(id => (string?)id));

        await prometheus.QuietEventuallyAsync(Alert, Queue);
        Assert.Empty(await app.DeadLettersOfAsync(messageId));
    }
}
