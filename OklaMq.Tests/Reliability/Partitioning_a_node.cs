using OklaMq.Tests.Reliability.Infrastructure;
using Xunit.Abstractions;

namespace OklaMq.Tests.Reliability;

/// <summary>
/// Scenario 3: a real network partition. The node leading Analytics' queues is cut off from the
/// other two (its namespace drops every packet to and from them; clients still reach it): it finds
/// itself in the minority and pauses (pause_minority), closing its clients' connections; the
/// majority elects new leaders and goes on. Healed, the node rejoins and catches up.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class Partitioning_a_node(ReliabilitySystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_lose_and_double_nothing_and_keep_each_dealers_order()
    {
        var node = await system.Cluster.LeaderOfMostAsync(ReliabilitySystem.AnalyticsQueues);
        var cut = BrokerCluster.NetTickTime * 2;
        var run = system.Begin(3, $"{node.Name[..2]} (quorum leader) cut off from the other two for {cut.TotalSeconds:0} s",
            eventsPerDealer: 40, pace: TimeSpan.FromMilliseconds(300));
        await run.Workload.SentAsync(5);

        await system.Network.IsolateAsync(node.Number);
        await Task.Delay(cut);
        await system.Network.HealAsync(node.Number);
        run.FaultEnded();

        await Scenarios.AssertNothingLostAsync(run, system, output);
    }
}
