using System.Net;
using OklaMq.Contracts.Routing;
using OklaMq.Tests.EndToEnd.Infrastructure;
using OklaMq.Tests.Infrastructure.Monitoring;

namespace OklaMq.Tests.EndToEnd.Operations;

/// <summary>
/// The running system's Prometheus (issue 11): it scrapes the broker and every service replica,
/// serves the design document's metric names with exactly their labels from real counts (publishes
/// the broker confirmed, consumes completed, the broker's queue depths, consumers and dead letters),
/// and every query of the Grafana dashboard returns data once events have flowed.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Monitoring_the_system_end_to_end(OklaMqApp app) : IAsyncLifetime
{
    private const string DeadLetterQueue = "vehicle-sold";

    // What Prometheus and the exporter add to a service's series: its target, and the meter.
    private static readonly string[] ServiceLabels = ["__name__", "job", "instance", "replica", "otel_scope_name"];

    // okla_saga_instances comes with the sagas (branch sagas-core); until a service serves it, its panel has nothing to show.
    private static readonly string[] NotServedYet = ["okla_saga_instances"];

    private readonly PrometheusApi _prometheus = new(app);

    [Fact]
    public async Task Should_scrape_the_broker_and_every_service_replica()
    {
        var up = await EventuallyAsync("up == 1", samples =>
            OklaMqApp.ServiceNames.All(service => samples.Any(s => s.Labels["job"] == service))
            && samples.Count(s => s.Labels["job"] == "analytics") == app.Settings.AnalyticsReplicas
            && samples.Any(s => s.Labels["job"] == "rabbitmq") && samples.Any(s => s.Labels["job"] == "rabbitmq-queues"));

        // Each analytics replica at its own address, not the proxy in front of both.
        Assert.Equal(app.Settings.AnalyticsReplicas, up.Where(s => s.Labels["job"] == "analytics").Select(s => s.Labels["instance"]).Distinct().Count());
    }

    [Fact]
    public async Task Should_serve_the_document_metrics_with_their_labels_from_real_counts()
    {
        var dealerId = await MakeEventsFlowAsync();

        // Publishes the broker confirmed: the outbox's event publisher, a consumer's MassTransit publish, a dead letter.
        foreach (var (job, exchange, routingKey) in new[]
        {
            ("vehicles", Exchanges.VehicleEvents, RoutingKeys.VehicleCreated),
            ("notification", Exchanges.NotificationCommands, RoutingKeys.SendPush),
            ("notification", Exchanges.DeadLetters, DeadLetterQueue),
        })
        {
            var published = await EventuallyAsync($"rabbitmq_published_total{{job=\"{job}\",exchange=\"{exchange}\",routing_key=\"{routingKey}\"}} >= 1");
            AssertLabels(published, ["exchange", "routing_key", .. ServiceLabels]);
        }

        // Consumes completed, by queue and consumer.
        foreach (var (queue, consumer) in new[] { ("vehicle-created", "VehicleCreatedNotifier"), ("send-push", "PushChannel") })
        {
            var consumed = await EventuallyAsync($"rabbitmq_consumed_total{{queue=\"{queue}\",consumer=\"{consumer}\"}} >= 1");
            AssertLabels(consumed, ["queue", "consumer", .. ServiceLabels]);
        }
        AssertLabels(await EventuallyAsync("rabbitmq_consumer_lag{queue=\"vehicle-created\",consumer=\"VehicleCreatedNotifier\"}"), ["__name__", "queue", "consumer"]);

        // From the broker: depth by state, consumers (both analytics replicas on each partition queue), dead letters.
        var depth = await EventuallyAsync("rabbitmq_queue_messages{queue=\"vehicle-created\"}", s => s.Count == 2);
        Assert.Equal(["ready", "unacked"], depth.Select(s => s.Labels["state"]).Order());
        AssertLabels(depth, ["__name__", "queue", "state"]);
        var consumers = await EventuallyAsync($"rabbitmq_queue_consumers{{queue=\"analytics-events-p0\"}} == {app.Settings.AnalyticsReplicas}");
        AssertLabels(consumers, ["__name__", "queue"]);
        var deadLetters = await EventuallyAsync($"rabbitmq_dlq_messages_total{{queue=\"{DeadLetterQueue}\"}} >= 1");
        AssertLabels(deadLetters, ["__name__", "queue"]);

        // The app-side ones beside them.
        await EventuallyAsync("okla_inbox_duplicates_total{endpoint=\"vehicle-created\"} >= 1");
        await EventuallyAsync($"okla_fault_store_records_total{{queue=\"{DeadLetterQueue}\",kind=\"invalid\"}} >= 1");
        await EventuallyAsync("okla_circuit_open{job=\"notification\",queue=\"vehicle-created\"} == 0");
        await EventuallyAsync("okla_outbox_backlog{job=\"vehicles\"}");
        await app.NotificationEventuallyAsync(dealerId, "push", "VehicleCreated");
    }

    [Fact]
    public async Task Should_return_data_for_every_query_of_the_grafana_dashboard()
    {
        await MakeEventsFlowAsync();
        var served = (await _prometheus.QueryAsync("count by (__name__) ({__name__=~\".+\"})")).Select(s => s.Labels["__name__"]).ToHashSet();

        foreach (var query in GrafanaDashboard.Load().Queries)
        {
            if (NotServedYet.FirstOrDefault(query.PromQl.Contains) is { } pending && !served.Contains(pending))
            {
                // Still a query Prometheus accepts.
                await _prometheus.QueryAsync(query.PromQl);
                continue;
            }
            await EventuallyAsync(query.PromQl, because: $"panel {query}");
        }
    }

    /// <summary>
    /// A vehicle through the outbox to Notification (which publishes a push through MassTransit) and
    /// Analytics; a duplicate delivery the inbox drops; a dead letter the fault store records.
    /// </summary>
    private async Task<Guid> MakeEventsFlowAsync()
    {
        var dealerId = Guid.NewGuid();
        await app.CreateVehicleAsync(dealerId, "Honda", "Civic", 2020, 1_050_000m);

        var duplicate = Guid.NewGuid();
        var vehicle = PlainEvents.VehicleCreated();
        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, vehicle, duplicate);
        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleCreated, vehicle, duplicate);

        var deadLetter = Guid.NewGuid();
        await app.Rabbit.PublishJsonAsync(Exchanges.VehicleEvents, RoutingKeys.VehicleSold, PlainEvents.VehicleSold(Guid.NewGuid()), deadLetter, fault: $"invalid@{DeadLetterQueue}");
        await app.FaultRecordEventuallyAsync(DeadLetterQueue, deadLetter);
        return dealerId;
    }

    private Task<IReadOnlyList<PrometheusSample>> EventuallyAsync(string promQl, Func<IReadOnlyList<PrometheusSample>, bool>? enough = null, string? because = null) =>
        Polling.Eventually(async () =>
        {
            var samples = await _prometheus.QueryAsync(promQl);
            Assert.True(samples.Count > 0 && (enough?.Invoke(samples) ?? true), $"{promQl} returned {samples.Count} series: {string.Join("; ", samples)}");
            return samples;
        }, PrometheusApi.AlertTimeout, because ?? $"Prometheus returns {promQl}");

    private static void AssertLabels(IEnumerable<PrometheusSample> samples, string[] expected) =>
        Assert.All(samples, s => Assert.Equal(expected.Order(), s.Labels.Keys.Order()));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // This test's dead letters, so DLQNotEmpty does not stay on for the tests after it.
        await OklaApis.PostAsync(app.DeadLetters, $"/api/dead-letters/{DeadLetterQueue}/purge", new { all = true }, HttpStatusCode.OK);
        _prometheus.Dispose();
    }
}
