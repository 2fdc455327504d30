using System.Text;
using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.EndToEnd.Recoverability;

/// <summary>
/// Bad input from the wire (issue 3, section 7): each kind is refused at publish or lands in the
/// dead-letter queue with a reason a person can read, without retries; no consumer crashes and
/// nothing is dropped silently.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Receiving_bad_input_end_to_end(OklaMqApp app)
{
    [Fact]
    public async Task Should_dead_letter_malformed_json_at_once_with_the_parse_error()
    {
        var messageId = Guid.NewGuid();

        await app.Rabbit.PublishAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, Encoding.UTF8.GetBytes("""{"vehicleId": "9b0c"""), messageId);

        // Every endpoint the routing key reaches dead-letters it itself.
        foreach (var queue in new[] { "vehicle-created", "analytics-events" })
        {
            var deadLetter = await app.DeadLetteredEventuallyAsync($"{queue}-dlq", messageId);
            Assert.Equal("unreadable", deadLetter.Header("okla-dead-letter-kind"));
            Assert.Contains("not valid JSON", deadLetter.Header("okla-dead-letter-reason"));
            Assert.Null(deadLetter.Header("MT-Redelivery-Count"));
            var fault = await app.FaultRecordEventuallyAsync(queue, messageId);
            Assert.Equal("unreadable", (string?)fault["kind"]);
            Assert.Null((int?)fault["retryCount"]);
        }
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Should_dead_letter_an_unknown_message_type_sent_to_a_queue()
    {
        var messageId = Guid.NewGuid();

        // Straight to the queue through the default exchange, typed as nothing the endpoint knows.
        await app.Rabbit.PublishJsonAsync(string.Empty, "vehicle-created", PlainEvents.VehicleCreated(), messageId, type: "vehicle.exploded");

        var deadLetter = await app.DeadLetteredEventuallyAsync("vehicle-created-dlq", messageId);
        Assert.Equal("no-consumer", deadLetter.Header("okla-dead-letter-kind"));
        Assert.Contains("No consumer on vehicle-created for message type", deadLetter.Header("okla-dead-letter-reason"));
        Assert.Contains("vehicle.exploded", deadLetter.Header("okla-dead-letter-reason"));
        Assert.Equal(["vehicle-created-dlq"], (await app.DeadLettersOfAsync(messageId)).Keys);
        var fault = await app.FaultRecordEventuallyAsync("vehicle-created", messageId);
        Assert.Equal("no-consumer", (string?)fault["kind"]);
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Should_dead_letter_a_routing_key_that_only_the_catch_all_binding_takes()
    {
        var messageId = Guid.NewGuid();

        // Analytics binds # on vehicle.events, so this is routed, but no consumer handles the key.
        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, "vehicle.exploded", PlainEvents.VehicleCreated(), messageId);

        var deadLetter = await app.DeadLetteredEventuallyAsync("analytics-events-dlq", messageId);
        Assert.Equal("no-consumer", deadLetter.Header("okla-dead-letter-kind"));
        Assert.Contains("vehicle.exploded", deadLetter.Header("okla-dead-letter-reason"));
        Assert.Equal(["analytics-events-dlq"], (await app.DeadLettersOfAsync(messageId)).Keys);
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Should_refuse_a_body_over_the_brokers_size_limit_at_publish()
    {
        const int limit = 1024 * 1024; // Infrastructure:MaxMessageSizeBytes, written into the broker's configuration.
        var body = Encoding.UTF8.GetBytes($$"""{"padding":"{{new string('x', limit)}}"}""");
        Assert.True(body.Length > limit);

        var refused = await Record.ExceptionAsync(() =>
            app.Rabbit.PublishAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, body, Guid.NewGuid()));

        Assert.NotNull(refused);
        Assert.Contains("larger than configured max size", refused.ToString());
        await AssertStillHealthyAsync();
    }

    [Fact]
    public async Task Should_dead_letter_a_contract_violation_at_once_with_the_broken_rule()
    {
        var messageId = Guid.NewGuid();

        // Deserializes fine, but has no vehicle id. (slow:1 only makes the endpoint count its attempts.)
        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated,
            PlainEvents.VehicleCreated(vehicleId: Guid.Empty), messageId, fault: "slow:1@vehicle-created");

        var deadLetter = await app.DeadLetteredEventuallyAsync("vehicle-created-dlq", messageId);
        Assert.Equal("invalid", deadLetter.Header("okla-dead-letter-kind"));
        Assert.Equal("InvalidMessageException: VehicleCreatedEvent is invalid: VehicleId is missing or empty", deadLetter.Header("okla-dead-letter-reason"));
        Assert.Null(deadLetter.Header("MT-Redelivery-Count"));
        Assert.Equal(1, await app.AttemptsAsync("vehicle-created", messageId));
        var fault = await app.FaultRecordEventuallyAsync("vehicle-created", messageId);
        Assert.Equal("invalid", (string?)fault["kind"]);
        Assert.Contains("VehicleId is missing or empty", (string?)fault["reason"]);
        await AssertStillHealthyAsync();
    }

    /// <summary>
    /// No consumer crashed over it: the services answer, and every queue of theirs has a consumer
    /// (Unhealthy otherwise; a breaker another test left open is Degraded, and bad input never opens one).
    /// </summary>
    private async Task AssertStillHealthyAsync()
    {
        foreach (var service in new[] { "notification", "analytics" })
        {
            var health = await app.HealthAsync(service);
            Assert.True(health.Checks["messaging-endpoints"].Status != "Unhealthy", $"{service}: {health}");
        }
    }
}
