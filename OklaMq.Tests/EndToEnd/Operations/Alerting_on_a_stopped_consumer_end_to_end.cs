using Aspire.Hosting.ApplicationModel;
using OklaMq.Contracts.Routing;
using OklaMq.NotificationService.Consumers;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Operations;

/// <summary>
/// The document's NoConsumers alert, corrected (issue 11): with its consumer service stopped, a
/// queue whose messages wait makes Prometheus fire the alert for that queue; started again, the
/// service consumes them and the alert clears.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Alerting_on_a_stopped_consumer_end_to_end(OklaMqApp app)
{
    private const string Alert = "NoConsumers";
    private const string Service = "notification";
    private const string Queue = "vehicle-sold";

    [Fact]
    public async Task Should_fire_NoConsumers_while_messages_wait_and_clear_it_when_the_consumer_is_back()
    {
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
        using var prometheus = new PrometheusApi(app);
        await prometheus.QuietEventuallyAsync(Alert, Queue);
        var dealerId = Guid.NewGuid();

        app.FollowProcesses();
        await app.ExecuteCommandAsync(Service, KnownResourceCommands.StopCommand);
        try
        {
            await Polling.Eventually(() => Task.FromResult(app.AnyStopped(Service)), TimeSpan.FromMinutes(1), $"{Service} has stopped");
            await Polling.Eventually(async () => Assert.Equal(0u, (await app.Rabbit.QueueStateAsync(Queue)).Consumers),
                TimeSpan.FromMinutes(1), $"{Queue} has no consumer once {Service} stopped");
            await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleSold, PlainEvents.VehicleSold(dealerId), Guid.NewGuid());

            var alert = await prometheus.FiringEventuallyAsync(Alert, Queue);
            Assert.Equal("critical", (string?)alert["labels"]!["severity"]);
            Assert.Equal($"Queue {Queue} has no consumers", (string?)alert["annotations"]!["summary"]);
        }
        finally
        {
            await app.StartStoppedAsync(Service);
        }

        await prometheus.QuietEventuallyAsync(Alert, Queue);
        // The message that waited was consumed by the service started again.
        await app.NotificationEventuallyAsync(dealerId, "push", VehicleSoldNotifier.DealerTemplate);
    }
}
