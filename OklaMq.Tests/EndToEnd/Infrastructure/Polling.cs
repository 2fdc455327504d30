using System.Diagnostics;
using Xunit.Sdk;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// Waits for something that happens asynchronously (an event travels through the broker, a
/// breaker resets). The attempt asserts; it is repeated until it passes or the time is up, and
/// then the last failure is reported with <c>because</c>. Timeouts are generous: a slow machine
/// makes a test slower, not red.
/// </summary>
public static class Polling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    public static async Task<T> Eventually<T>(Func<Task<T>> attempt, TimeSpan timeout, string because)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Exception failure;
            try
            {
                var result = await attempt();
                // A condition written as "return false" must not count as passed.
                if (result is not false)
                {
                    return result;
                }
                failure = new XunitException("The condition was false.");
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new XunitException(
                    $"Not so after {timeout.TotalSeconds:0} s: {because}{Environment.NewLine}Last attempt: {failure.GetType().Name}: {failure.Message}");
            }
            await Task.Delay(Interval);
        }
    }

    public static Task Eventually(Func<Task> attempt, TimeSpan timeout, string because) =>
        Eventually(async () =>
        {
            await attempt();
            return true;
        }, timeout, because);
}
