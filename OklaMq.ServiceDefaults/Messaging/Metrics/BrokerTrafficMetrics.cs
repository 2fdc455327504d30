using System.Diagnostics.Metrics;

namespace OklaMq.ServiceDefaults.Messaging.Metrics;

/// <summary>
/// The design document's traffic counters (section 8.2), counted where OklaMq's code sees the
/// broker confirm a publish or a consumer complete a message: the broker knows neither a routing
/// key per publish nor a consumer per queue. Queue depths, consumers and dead letters are the
/// broker's own numbers, recorded under the document's names by Prometheus
/// (deploy/monitoring/prometheus/rules, docs/operations.md). The Prometheus exporter adds <c>_total</c>.
/// </summary>
public static class BrokerTrafficMetrics
{
    private static readonly Counter<long> Published = MessagingTelemetry.Meter.CreateCounter<long>(
        "rabbitmq.published", description: "Messages the broker confirmed, by exchange and routing key.");

    private static readonly Counter<long> Consumed = MessagingTelemetry.Meter.CreateCounter<long>(
        "rabbitmq.consumed", description: "Messages a consumer completed (and acknowledges), by queue and consumer.");

    public static void RecordPublished(string exchange, string routingKey) =>
        Published.Add(1, new("exchange", exchange), new("routing_key", routingKey));

    public static void RecordConsumed(string queue, string consumer) =>
        Consumed.Add(1, new("queue", queue), new("consumer", consumer));
}
