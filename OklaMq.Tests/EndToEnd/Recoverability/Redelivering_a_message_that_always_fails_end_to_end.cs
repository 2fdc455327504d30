using System.Text.Json.Nodes;
using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;
using static OklaMq.Tests.EndToEnd.Infrastructure.DelayObserver;

namespace OklaMq.Tests.EndToEnd.Recoverability;

/// <summary>
/// A message that always fails is retried, then redelivered through the delay queues after each
/// configured delay, then dead-lettered in its own endpoint's dead-letter queue (and nowhere else)
/// with the fault kept in its headers and recorded in the fault store.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Redelivering_a_message_that_always_fails_end_to_end(OklaMqApp app)
{
    private const string Queue = "vehicle-created";

    [Fact]
    public async Task Should_pass_each_redelivery_delay_and_land_in_its_own_dead_letter_queue_only()
    {
        var messageId = Guid.NewGuid();
        await using var delays = await DelayObserver.StartAsync(app, Queue);
        var published = DateTime.UtcNow;

        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated,
            PlainEvents.VehicleCreated(), messageId, fault: $"always@{Queue}");

        var deadLetter = await app.DeadLetteredEventuallyAsync($"{Queue}-dlq", messageId);

        // Each redelivery waited its configured delay in the delay queues (rounded up to whole seconds).
        var configured = app.Settings.RedeliveryIntervals;
        var passages = delays.Of(messageId);
        Assert.True(passages.Count == 2 * configured.Length, $"Passages: {string.Join(", ", passages)}");
        for (var i = 0; i < configured.Length; i++)
        {
            var entered = Assert.Single(passages, p => p.Direction == Direction.Entered && p.RedeliveryCount == i + 1);
            var left = Assert.Single(passages, p => p.Direction == Direction.Left && p.RedeliveryCount == i + 1);
            var waited = left.At - entered.At;
            Assert.True(waited >= configured[i] - TimeSpan.FromMilliseconds(300) && waited <= configured[i] + TimeSpan.FromSeconds(5),
                $"Redelivery {i + 1} waited {waited.TotalSeconds:0.00} s in the delay queues; configured {configured[i].TotalSeconds} s.");
        }

        // Dead-lettered in vehicle-created-dlq, once, and in no other dead-letter queue.
        var everywhere = await app.DeadLettersOfAsync(messageId);
        Assert.Equal(new[] { $"{Queue}-dlq" }, everywhere.Keys);
        Assert.Single(everywhere[$"{Queue}-dlq"]);
        Assert.Equal("exception", deadLetter.Header("okla-dead-letter-kind"));
        Assert.Contains("InjectedFaultException", deadLetter.Header("okla-dead-letter-reason"));
        Assert.Equal(Queue, deadLetter.Header("okla-source-queue"));
        Assert.Equal(configured.Length.ToString(), deadLetter.Header("MT-Redelivery-Count"));
        Assert.False(string.IsNullOrEmpty(deadLetter.Header("MT-Fault-StackTrace")));
        Assert.Equal(app.Settings.AttemptsUntilDeadLettered, await app.AttemptsAsync(Queue, messageId));
        // No Fault<T> event: MassTransit would have declared its exchange to publish it.
        Assert.DoesNotContain(await app.Management.ExchangesAsync(), e => ((string?)e!["name"])?.StartsWith("MassTransit:Fault--") == true);

        var fault = await app.FaultRecordEventuallyAsync(Queue, messageId);
        Assert.Equal("exception", (string?)fault["kind"]);
        Assert.EndsWith("InjectedFaultException", (string?)fault["exceptionType"]);
        Assert.Equal(configured.Length, (int?)fault["redeliveryCount"]);
        // MassTransit's MT-Fault-RetryCount is its retry context's count after the last failure: the
        // attempts of the last delivery (first try and 2 retries: 3), one more than the retries made.
        Assert.Equal(1 + app.Settings.RetryIntervals.Length, (int?)fault["retryCount"]);
        Assert.Equal("VehicleCreatedEvent", (string?)fault["messageType"]);
        Assert.Equal("Kia", (string?)JsonNode.Parse((string)fault["body"]!)!["make"]);
        var deadLetteredAt = (DateTime)fault["deadLetteredAt"]!;
        Assert.True(deadLetteredAt - published >= configured.Aggregate(TimeSpan.Zero, (a, b) => a + b) - TimeSpan.FromSeconds(1),
            $"Dead-lettered {(deadLetteredAt - published).TotalSeconds:0.0} s after publishing, before the redelivery delays could have passed.");
    }
}
