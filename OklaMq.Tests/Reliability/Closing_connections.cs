using OklaMq.Tests.Reliability.Infrastructure;
using Xunit.Abstractions;

namespace OklaMq.Tests.Reliability;

/// <summary>
/// Scenario 6: the broker closes every service connection (the management API's "force close", as
/// an operator or a node drain does), twice, 3 s apart, under load. Publishers see their confirms
/// fail and publish again; consumers' unacknowledged messages return to their queues and are
/// delivered again; every client reconnects.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class Closing_connections(ReliabilitySystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_lose_and_double_nothing_and_keep_each_dealers_order()
    {
        var run = system.Begin(6, "every service connection closed by the broker, twice, 3 s apart", eventsPerDealer: 40, pace: TimeSpan.FromMilliseconds(150));
        await run.Workload.SentAsync(10);

        var closed = await CloseServiceConnectionsAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        closed += await CloseServiceConnectionsAsync();
        run.FaultEnded();

        await Scenarios.AssertNothingLostAsync(run, system, output, $"{closed} connections closed");
    }

    private async Task<int> CloseServiceConnectionsAsync()
    {
        var management = system.Cluster.ManagementOf(system.Cluster.Nodes[0]);
        var services = (await management.ConnectionsAsync())
            .Where(c => ((string?)c!["user_provided_name"])?.StartsWith("OklaMq.", StringComparison.Ordinal) == true)
            .Select(c => (string)c!["name"]!)
            .ToList();
        foreach (var name in services)
        {
            await management.CloseConnectionAsync(name);
        }
        return services.Count;
    }
}
