using System.Diagnostics;
using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Recoverability;

/// <summary>
/// The circuit breaker: a burst of failures stops the endpoint (health Degraded with the reason;
/// messages wait in the queue, none is dead-lettered); after the reset interval it consumes again
/// and the waiting messages are processed.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Breaking_the_circuit_end_to_end(OklaMqApp app)
{
    private const string Queue = "lead-created";
    private const string Switch = $"okla:fault-injection:{Queue}";
    private const int Burst = 10;

    [Fact]
    public async Task Should_open_under_a_burst_of_failures_and_close_after_the_reset_interval()
    {
        await app.WaitUntilEverythingHealthyAsync(OklaMqApp.StartTimeout);
        var dealerId = Guid.NewGuid();
        var messageIds = Enumerable.Range(0, Burst).Select(_ => Guid.NewGuid()).ToList();
        TimeSpan openedAt, closedAt;
        var clock = Stopwatch.StartNew();

        await app.RedisDb.StringSetAsync(Switch, "always");
        try
        {
            foreach (var messageId in messageIds)
            {
                await app.Rabbit.PublishJsonAsync(Exchanges.LeadEvents, RoutingKeys.LeadCreated, PlainEvents.LeadCreated(dealerId), messageId);
            }

            var open = await Polling.Eventually(async () =>
            {
                var health = await app.HealthAsync("notification");
                Assert.True(health.Checks["messaging-endpoints"].Status == "Degraded", health.ToString());
                return health.Checks["messaging-endpoints"].Description!;
            }, TimeSpan.FromSeconds(60), "the breaker opens and health says so");
            openedAt = clock.Elapsed;
            Assert.Contains($"circuit open on {Queue}", open);
            Assert.Contains("InjectedFaultException", open);
            Assert.Equal("Degraded", (await app.HealthAsync("notification")).Status);

            // While open, the endpoint takes nothing: its messages wait in the queue.
            await Polling.Eventually(async () =>
            {
                var (messages, consumers) = await app.Rabbit.QueueStateAsync(Queue);
                Assert.True(consumers == 0 && messages > 0, $"{Queue}: {messages} messages, {consumers} consumers");
            }, TimeSpan.FromSeconds(30), $"{Queue} holds waiting messages and has no consumer");
        }
        finally
        {
            // The cause is fixed.
            await app.RedisDb.KeyDeleteAsync(Switch);
        }

        await Polling.Eventually(async () =>
        {
            var health = await app.HealthAsync("notification");
            Assert.True(health.Status == "Healthy", health.ToString());
        }, TimeSpan.FromSeconds(60), "the breaker closes after its reset interval");
        closedAt = clock.Elapsed;
        Assert.True(closedAt - openedAt >= app.Settings.BreakerResetInterval - TimeSpan.FromSeconds(1.5),
            $"The breaker closed {(closedAt - openedAt).TotalSeconds:0.0} s after it was seen open; the reset interval is {app.Settings.BreakerResetInterval.TotalSeconds} s.");

        var leads = await Polling.Eventually(async () =>
        {
            var sent = (await app.NotificationsAsync(dealerId, "push")).Where(n => (string?)n["template"] == "LeadCreated").ToList();
            Assert.Equal(Burst, sent.Count);
            return sent;
        }, TimeSpan.FromSeconds(90), "every waiting lead is processed once the breaker closed");
        Assert.Equal(Burst, leads.Count);
        foreach (var messageId in messageIds)
        {
            Assert.Empty(await app.DeadLettersOfAsync(messageId));
        }
    }
}
