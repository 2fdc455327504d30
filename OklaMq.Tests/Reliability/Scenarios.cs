using OklaMq.Tests.Reliability.Infrastructure;
using Xunit.Abstractions;

namespace OklaMq.Tests.Reliability;

/// <summary>What every scenario checks once its fault is over, and how it leaves the system.</summary>
internal static class Scenarios
{
    /// <summary>Counts the run's outcome, reports it, leaves the system whole, then asserts: nothing lost, nothing twice, each dealer in order.</summary>
    /// <param name="redisMayLoseAnsweredWrites">
    /// Only where Redis itself crashes: with appendfsync everysec it may lose writes it already
    /// answered (docs/reliability.md 3.5); those are reported, and everything Redis kept must be whole.
    /// </param>
    public static async Task AssertNothingLostAsync(ScenarioRun run, ReliabilitySystem system, ITestOutputHelper output, string notes = "", bool redisMayLoseAnsweredWrites = false)
    {
        var outcome = await run.FinishAsync(notes);
        output.WriteLine(ScenarioOutcome.TableHeader);
        output.WriteLine(outcome.TableRow);
        output.WriteLine(outcome.Diagnostics);
        await system.WaitUntilWholeAsync();

        Assert.True(outcome.Confirmed > 0, "No event was confirmed: the scenario measured nothing.");
        Assert.Equal(0, outcome.Lost);
        if (!redisMayLoseAnsweredWrites)
        {
            Assert.Equal(0, outcome.Unpersisted);
        }
        Assert.Equal(0, outcome.Duplicated);
        Assert.Equal(0, outcome.OutOfOrder);
    }
}
