using OklaMq.Tests.EndToEnd.Infrastructure;
using OklaMq.Tests.Reliability.Infrastructure;
using Xunit.Abstractions;

namespace OklaMq.Tests.Reliability;

/// <summary>
/// Scenario 4: kill -9 of a consumer (one of the two Analytics instances) and of a publisher
/// (Vehicles, whose outbox holds events not yet published) in the middle of a burst, then both
/// started again. The other Analytics instance takes over the partitions (single active consumer);
/// the unacknowledged messages are delivered again and the inbox drops what was already done;
/// Vehicles' relay publishes what its outbox still holds.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class Killing_services_mid_burst(ReliabilitySystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_lose_and_double_nothing_and_keep_each_dealers_order()
    {
        var run = system.Begin(4, "kill -9 of an Analytics instance and of Vehicles mid-burst, both restarted",
            eventsPerDealer: 40, pace: TimeSpan.FromMilliseconds(200));
        await run.Workload.SentAsync(10);

        await ServiceKiller.KillAsync(system.App.ProcessIdsOf("analytics")[0]);
        await ServiceKiller.KillAsync(system.App.ProcessIdsOf("vehicles")[0]);
        await Polling.Eventually(() => Task.FromResult(system.App.AnyStopped("analytics") && system.App.AnyStopped("vehicles")),
            TimeSpan.FromSeconds(30), "both killed services have stopped");
        await system.App.StartStoppedAsync("analytics", "vehicles");
        run.FaultEnded();

        await Scenarios.AssertNothingLostAsync(run, system, output);
    }
}
