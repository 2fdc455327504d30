using System.Reflection;
using MassTransit;
using OklaMq.AnalyticsService.Consumers;
using OklaMq.AnalyticsService.Model;
using OklaMq.Contracts.Routing;
using OklaMq.ServiceDefaults.Messaging.Topology;

namespace OklaMq.Tests.Specs.Analytics;

public sealed class Declaring_the_analytics_queue
{
    private readonly AnalyticsEventConsumerDefinition _definition = new();

    [Fact]
    public void Should_name_the_queue_analytics_events()
    {
        Assert.Equal("analytics-events", _definition.QueueName);
    }

    [Fact]
    public void Should_bind_every_key_of_every_domain_exchange()
    {
        var bindings = (IEnumerable<QueueBinding>)typeof(AnalyticsEventConsumerDefinition)
            .GetProperty("Bindings", BindingFlags.Instance | BindingFlags.NonPublic)!
            .GetValue(_definition)!;

        Assert.Equal(
            [
                new QueueBinding("vehicle.events", "topic", "#"),
                new QueueBinding("user.events", "topic", "#"),
                new QueueBinding("billing.events", "topic", "#"),
                new QueueBinding("lead.events", "topic", "#"),
            ],
            bindings);
    }

    [Fact]
    public void Should_consume_every_event_of_the_routing_table()
    {
        var events = MessageRoutes.All.Where(r => r.ExchangeType == ExchangeTypes.Topic).Select(r => r.MessageType).ToHashSet();

        var consumed = typeof(AnalyticsEventConsumer).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToHashSet();

        Assert.Equal(15, events.Count);
        Assert.Equal(events, consumed);
    }

    [Fact]
    public void Should_name_event_types_after_the_routing_keys()
    {
        // The routing keys without billing's exchange prefix: payment.success, subscription.created…
        var keys = MessageRoutes.All.Where(r => r.ExchangeType == ExchangeTypes.Topic)
            .Select(r => r.RoutingKey.StartsWith("billing.", StringComparison.Ordinal) ? r.RoutingKey["billing.".Length..] : r.RoutingKey);

        Assert.Equal(keys, AnalyticsEvents.All);
    }
}
