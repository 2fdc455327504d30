using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Sagas;

/// <summary>
/// Two instances of Vehicles (<c>--Replicas:vehicles=2</c>) consume the lead follow-up saga's queue;
/// a burst of events for one lead (ordered by the lead within each instance, as Vehicles publishes
/// them) makes them race on its instance. Every event must be committed
/// exactly once: each commit moves the version by one, so a lost update (two commits on one version)
/// would leave the version short, and a double one would push it past.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Racing_two_instances_on_one_saga_end_to_end(OklaMqApp app)
{
    private const string Saga = "lead-follow-up";
    private const string Queue = "lead-follow-up-saga";
    private const int Events = 40;

    [Fact]
    public async Task Should_commit_every_event_once_when_both_instances_change_one_saga()
    {
        app.FollowProcesses();
        await app.StartStoppedAsync("vehicles");
        await Polling.Eventually(async () => Assert.Equal((uint)app.Settings.VehiclesReplicas, (await app.Rabbit.QueueStateAsync(Queue)).Consumers),
            OklaApis.EventTimeout, $"both Vehicles instances consume {Queue}");
        var leadId = Guid.NewGuid();
        await app.Rabbit.PublishJsonAsync(Exchanges.LeadEvents, RoutingKeys.LeadCreated, PlainEvents.LeadCreated(Guid.NewGuid(), leadId), Guid.NewGuid());
        var created = await app.Vehicles.SagaEventuallyAsync(Saga, leadId, "AwaitingResponse");
        Assert.Equal(1, (int)created["version"]!);

        await Task.WhenAll(Enumerable.Range(0, Events).Select(i => app.Rabbit.PublishJsonAsync(Exchanges.LeadEvents, RoutingKeys.LeadStatusChanged,
            new { leadId, oldStatus = "New", newStatus = i % 2 == 0 ? "Contacted" : "Qualified", updatedAt = DateTime.UtcNow },
            Guid.NewGuid(), orderingKey: leadId.ToString())));

        // The creation, each status change, and both timeouts (cancelled, still delivered): one commit each.
        const int Expected = 1 + Events + 2;
        var settled = await Polling.Eventually(async () =>
        {
            var instance = (await app.Vehicles.SagaAsync(Saga, leadId))!;
            Assert.Equal(Expected, (int)instance["version"]!);
            return instance;
        }, OklaApis.EventTimeout, $"saga {leadId} has committed {Expected} messages");
        Assert.Equal("Answered", (string?)settled["state"]);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(Expected, (int)(await app.Vehicles.SagaAsync(Saga, leadId))!["version"]!);
        Assert.Empty(await app.Management.PeekAsync($"{Queue}-dlq"));
    }
}
