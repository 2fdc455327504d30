using OklaMq.Tests.Reliability.Infrastructure;
using Xunit.Abstractions;

namespace OklaMq.Tests.Reliability;

/// <summary>
/// Scenario 1: kill -9 of the node that leads Analytics' quorum queues while dealers publish; a new
/// leader is elected among the other two, clients connected to the dead node reconnect to another,
/// and the node is started again on its data and catches up.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class Killing_the_quorum_leader(ReliabilitySystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_lose_and_double_nothing_and_keep_each_dealers_order()
    {
        var leader = await system.Cluster.LeaderOfMostAsync(ReliabilitySystem.AnalyticsQueues);
        var run = system.Begin(1, $"kill -9 of the quorum leader ({leader.Name[..2]}), restarted 5 s later", eventsPerDealer: 40, pace: TimeSpan.FromMilliseconds(200));
        await run.Workload.SentAsync(10);

        await leader.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await leader.StartAsync();
        run.FaultEnded();

        await Scenarios.AssertNothingLostAsync(run, system, output);
    }
}
