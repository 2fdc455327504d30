using OklaMq.Tests.Reliability.Infrastructure;
using Xunit.Abstractions;

namespace OklaMq.Tests.Reliability;

/// <summary>
/// Scenario 2: SIGSTOP of the node most clients are connected to, for twice the net tick time: the
/// other two declare it down and go on; its clients' connections hang until their heartbeat gives
/// up. After SIGCONT the node finds it was cut off, pauses itself (pause_minority) and rejoins.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class Freezing_a_node(ReliabilitySystem system, ITestOutputHelper output)
{
    private static readonly TimeSpan HealTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Should_lose_and_double_nothing_and_keep_each_dealers_order()
    {
        var node = await system.Cluster.NodeWithMostConnectionsAsync();
        var frozen = BrokerCluster.NetTickTime * 2;
        var run = system.Begin(2, $"SIGSTOP of {node.Name[..2]} (most connections) for {frozen.TotalSeconds:0} s, net tick {BrokerCluster.NetTickTime.TotalSeconds:0} s",
            eventsPerDealer: 40, pace: TimeSpan.FromMilliseconds(300));
        await run.Workload.SentAsync(5);

        await node.PauseAsync();
        await Task.Delay(frozen);
        await node.ResumeAsync();
        run.FaultEnded();

        // RabbitMQ does not always heal this on its own: see docs/reliability.md, scenario 2.
        var notes = "";
        if (await system.Cluster.WhatIsMissingAfterAsync(HealTimeout) is { } why)
        {
            notes = $"not healed by RabbitMQ after {HealTimeout.TotalSeconds:0} s ({why}): {node.Name[..2]}'s app restarted";
            await node.CtlAsync("stop_app");
            await node.CtlAsync("start_app");
        }
        await Scenarios.AssertNothingLostAsync(run, system, output, notes);
    }
}
