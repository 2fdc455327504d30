using OklaMq.Tests.Reliability.Infrastructure;
using Xunit.Abstractions;

namespace OklaMq.Tests.Reliability;

/// <summary>
/// Scenario 7: a memory alarm (vm_memory_high_watermark lowered far below what the node uses): the
/// broker blocks every publishing connection of the cluster. HTTP callers still get 201 (their
/// events wait in the outbox, whose relay times out and tries again); a direct publisher's confirm
/// does not come until the alarm clears. Nothing is lost when it does.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class Raising_a_memory_alarm(ReliabilitySystem system, ITestOutputHelper output)
{
    private static readonly TimeSpan Alarm = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Should_keep_answering_http_callers_and_lose_and_double_nothing()
    {
        var node = system.Cluster.Nodes[0];
        var run = system.Begin(7, $"memory alarm on {node.Name[..2]} (watermark 0.000001) for {Alarm.TotalSeconds:0} s", eventsPerDealer: 40, pace: TimeSpan.FromMilliseconds(200));
        await run.Workload.SentAsync(5);

        var raised = DateTime.UtcNow;
        await node.CtlAsync("set_vm_memory_high_watermark", "0.000001");
        await Task.Delay(Alarm);
        await node.CtlAsync("set_vm_memory_high_watermark", "0.4");
        var cleared = DateTime.UtcNow;
        run.FaultEnded();

        var during = run.Workload.Dealers.Where(d => d.Path == PublishPath.Http).SelectMany(d => d.Events).Where(e => e.At > raised && e.At < cleared).ToList();
        var answered = during.Count(e => e.Accepted);
        await Scenarios.AssertNothingLostAsync(run, system, output, $"HTTP during the alarm: {answered} of {during.Count} answered 201");
        Assert.True(during.Count > 0 && answered == during.Count, $"HTTP requests during the alarm: {answered} of {during.Count} answered 201.");
    }
}
