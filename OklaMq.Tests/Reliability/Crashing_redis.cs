using OklaMq.Tests.Reliability.Infrastructure;
using Xunit.Abstractions;

namespace OklaMq.Tests.Reliability;

/// <summary>
/// Scenario 5: Redis (inbox, outbox, the services' state) killed with -9 and started again 3 s
/// later on its append-only file, as the AppHost configures it (<c>appendonly yes</c>,
/// <c>appendfsync everysec</c>). Meanwhile HTTP writes fail, and consumers wait in place for Redis
/// (dependency retry) instead of processing anything unchecked. An answered write that Redis
/// itself lost (everysec) is reported apart; every event whose write Redis kept must have its effect once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class Crashing_redis(ReliabilitySystem system, ITestOutputHelper output)
{
    [Fact]
    public async Task Should_lose_and_double_nothing_and_keep_each_dealers_order()
    {
        var run = system.Begin(5, "kill -9 of Redis, restarted 3 s later on its append-only file", eventsPerDealer: 40, pace: TimeSpan.FromMilliseconds(200));
        await run.Workload.SentAsync(10);

        await system.Redis.CrashAndRestartAsync(down: TimeSpan.FromSeconds(3));
        run.FaultEnded();

        await Scenarios.AssertNothingLostAsync(run, system, output, redisMayLoseAnsweredWrites: true);
    }
}
