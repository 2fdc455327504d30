using System.Reflection;
using System.Text.Json.Nodes;
using OklaMq.AnalyticsService.Consumers;
using OklaMq.AuthService.Sagas;
using OklaMq.BillingService.Consumers;
using OklaMq.BillingService.Sagas;
using OklaMq.Contracts.Routing;
using OklaMq.NotificationService.Consumers;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.ServiceDefaults.Messaging.Consumers;
using OklaMq.ServiceDefaults.Messaging.Delays;
using OklaMq.ServiceDefaults.Messaging.Ordering;
using OklaMq.Tests.EndToEnd.Infrastructure;
using OklaMq.VehiclesService.Sagas;
using BillingExtensions = OklaMq.BillingService.Extensions.Extensions;
using VehiclesExtensions = OklaMq.VehiclesService.Extensions.Extensions;

namespace OklaMq.Tests.EndToEnd.Foundation;

/// <summary>
/// The broker's topology, read through the management API, is the routing table (SPEC.md "Routing",
/// <see cref="MessageRoutes"/>): its exchanges with their types, every consumer queue bound with the
/// table's routing keys (analytics with <c>#</c>, through its consistent-hash exchange to its partition
/// queues), and no other exchange than the table's, <c>dlx</c>, the delay exchanges, analytics'
/// partition exchange, MassTransit's per-queue fanout exchanges and the broker's own.
/// </summary>
[Collection(OklaMqAppCollection.Name)]
public sealed class Reading_the_topology_end_to_end(OklaMqApp app)
{
    private static readonly DelayTopology Delays = new(new RabbitMqSettings().DelayLevels);

    [Fact]
    public async Task Should_have_the_routing_tables_exchanges_with_their_types()
    {
        var exchanges = await ExchangesAsync();

        foreach (var (name, type) in MessageRoutes.ExchangesWithTypes.Append((Exchanges.DeadLetters, ExchangeTypes.Direct)))
        {
            Assert.True(exchanges.TryGetValue(name, out var exchange), $"Exchange {name} is missing.");
            Assert.Equal(type, (string?)exchange["type"]);
            Assert.True((bool)exchange["durable"]!, $"{name} is not durable.");
        }
        Assert.Equal(
            ["billing.commands", "billing.events", "lead.events", "notification.commands", "user.events", "vehicle.commands", "vehicle.events"],
            MessageRoutes.ExchangesWithTypes.Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Should_bind_every_consumer_queue_with_the_routing_tables_keys()
    {
        var bindings = await app.Management.BindingsAsync();

        var actual = EffectiveBindings(bindings)
            .Where(b => MessageRoutes.ExchangesWithTypes.Any(e => e.Name == b.Exchange))
            // Server-named queues are tests' own taps (MessageTap, DelayObserver), gone with their channel.
            .Where(b => !b.Queue.StartsWith("amq.gen-", StringComparison.Ordinal))
            .ToHashSet();

        Assert.Equal(ExpectedBindings().Order().ToList(), actual.Order().ToList());
        foreach (var route in MessageRoutes.All)
        {
            Assert.True(actual.Any(b => b.Exchange == route.Exchange && (b.RoutingKey == route.RoutingKey || b.RoutingKey == RoutingKeys.All)),
                $"Nothing consumes {route.Exchange}/{route.RoutingKey}.");
        }
    }

    [Fact]
    public async Task Should_route_each_dead_letter_to_its_own_queue_and_the_fault_store_only()
    {
        var bindings = await app.Management.BindingsAsync();
        var fromDlx = bindings.Select(b => b!.AsObject()).Where(b => (string?)b["source"] == Exchanges.DeadLetters).ToList();

        // An endpoint's dead letters carry its name, partition queues' too: one -dlq per endpoint.
        foreach (var endpoint in ExpectedBindings().Select(b => EndpointOf(b.Queue)).Distinct())
        {
            var targets = fromDlx.Where(b => (string?)b["routing_key"] == endpoint).Select(b => (string)b["destination"]!).Distinct().Order().ToList();
            Assert.Equal(new[] { endpoint + "-dlq", "fault-store" }.Order().ToList(), targets);
        }
    }

    [Fact]
    public async Task Should_have_no_other_exchange()
    {
        var exchanges = await ExchangesAsync();
        var bindings = (await app.Management.BindingsAsync()).Select(b => b!.AsObject()).ToList();
        var queues = (await app.Management.QueuesAsync()).Select(q => (string)q!["name"]!).ToHashSet();
        var consumerQueues = ExpectedBindings().Select(b => b.Queue).ToHashSet();
        var known = MessageRoutes.ExchangesWithTypes.Select(e => e.Name)
            .Append(Exchanges.DeadLetters)
            .Append(DelayTopology.DeliveryExchange)
            .Append(AnalyticsPartitions)
            .Concat(Enumerable.Range(0, Delays.Levels).Select(DelayTopology.LevelName))
            .ToHashSet();

        foreach (var (name, exchange) in exchanges)
        {
            if (known.Contains(name) || name == "" || name.StartsWith("amq.", StringComparison.Ordinal))
            {
                continue;
            }
            // MassTransit's exchange named after a consumer queue: fanout, only into that queue, fed only
            // by the table's exchanges and the delay delivery exchange, and nobody publishes to it.
            Assert.True(consumerQueues.Contains(name) && queues.Contains(name), $"Unexpected exchange {name} ({exchange["type"]}).");
            Assert.Equal(ExchangeTypes.Fanout, (string?)exchange["type"]);
            var outgoing = bindings.Where(b => (string?)b["source"] == name).Select(b => $"{b["destination_type"]}:{b["destination"]}").ToList();
            Assert.Equal([$"queue:{name}"], outgoing);
            var feeders = bindings.Where(b => (string?)b["destination"] == name && (string?)b["destination_type"] == "exchange").Select(b => (string)b["source"]!);
            Assert.All(feeders, source => Assert.True(known.Contains(source) && source != Exchanges.DeadLetters, $"{source} feeds {name}."));
            var published = (long?)(await app.Management.ExchangeAsync(name))["message_stats"]?["publish_in"] ?? 0;
            Assert.True(published == 0, $"{published} messages were published to {name} directly.");
        }
        Assert.Equal("x-consistent-hash", (string?)exchanges[AnalyticsPartitions]["type"]);
    }

    private async Task<Dictionary<string, JsonObject>> ExchangesAsync() =>
        (await app.Management.ExchangesAsync()).Select(e => e!.AsObject()).ToDictionary(e => (string)e["name"]!, StringComparer.Ordinal);

    /// <summary>
    /// (exchange, routing key, queue) the consumers declare: each notification and billing consumer's
    /// queue, and each saga's, bound to the route of every message it consumes; analytics with # to
    /// every domain exchange.
    /// </summary>
    private static IEnumerable<Binding> ExpectedBindings()
    {
        var consumers = new[] { typeof(VehicleCreatedNotifier).Assembly, typeof(PaymentRequestConsumer).Assembly }.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(EventConsumerDefinition<>))
            .SelectMany(definition =>
            {
                var queue = (string)definition.GetProperty("QueueName")!.GetValue(Activator.CreateInstance(definition))!;
                var consumed = (IEnumerable<Type>)definition.BaseType!.GetProperty("ConsumedMessageTypes", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                return consumed.Select(MessageRoutes.Of).Select(route => new Binding(route.Exchange, route.RoutingKey, queue));
            });
        var analytics = Exchanges.Domain.SelectMany(exchange => Enumerable.Range(0, AnalyticsQueues)
            .Select(partition => new Binding(exchange, RoutingKeys.All, EndpointIdentity.PartitionQueue(Analytics, partition))));
        return consumers.Concat(analytics).Concat(Sagas.SelectMany(saga => SagaEvents(saga.Machine)
            .Select(type => MessageRoutes.TryOf(type, out var route) ? new Binding(route.Exchange, route.RoutingKey, $"{saga.Name}-saga") : null)
            .OfType<Binding>()));
    }

    /// <summary>The services' sagas, by the name they are registered with (their queue is <c>&lt;name&gt;-saga</c>).</summary>
    private static readonly (string Name, Type Machine)[] Sagas =
    [
        ("registration", typeof(RegistrationStateMachine)),
        ("lead-follow-up", typeof(LeadFollowUpStateMachine)),
        (VehiclesExtensions.VehicleSaleSaga, typeof(VehicleSaleStateMachine)),
        (BillingExtensions.SubscriptionActivationSaga, typeof(SubscriptionActivationStateMachine)),
    ];

    /// <summary>The message types of a state machine's events (its timeouts are not on the routing table).</summary>
    private static IEnumerable<Type> SagaEvents(Type machine) =>
        machine.GetProperties()
            .Select(p => p.PropertyType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(MassTransit.Event<>))
            .Select(t => t.GetGenericArguments()[0]);

    private static readonly string Analytics = new AnalyticsEventConsumerDefinition().QueueName;
    private static readonly string AnalyticsPartitions = EndpointIdentity.PartitionExchange(Analytics);
    private static readonly int AnalyticsQueues = new RabbitMqSettings().Ordering.Queues;

    private static string EndpointOf(string queue) =>
        queue.StartsWith(Analytics + "-p", StringComparison.Ordinal) ? Analytics : queue;

    /// <summary>
    /// Source exchange and key to the queues a message ends in, through the exchanges in between
    /// (MassTransit's per-queue exchange, analytics' consistent-hash exchange).
    /// </summary>
    private static IEnumerable<Binding> EffectiveBindings(JsonArray bindings)
    {
        var all = bindings.Select(b => b!.AsObject()).ToList();
        foreach (var binding in all.Where(b => (string?)b["source"] is { Length: > 0 }))
        {
            var source = (string)binding["source"]!;
            var key = (string)binding["routing_key"]!;
            foreach (var queue in QueuesReached(all, binding, depth: 0))
            {
                yield return new Binding(source, key, queue);
            }
        }
    }

    private static IEnumerable<string> QueuesReached(List<JsonObject> all, JsonObject binding, int depth)
    {
        var destination = (string)binding["destination"]!;
        if ((string?)binding["destination_type"] == "queue")
        {
            return [destination];
        }
        return depth > 3
            ? []
            : all.Where(b => (string?)b["source"] == destination).SelectMany(b => QueuesReached(all, b, depth + 1));
    }

    private sealed record Binding(string Exchange, string RoutingKey, string Queue) : IComparable<Binding>
    {
        public int CompareTo(Binding? other) => string.CompareOrdinal(ToString(), other?.ToString());
        public override string ToString() => $"{Exchange} --{RoutingKey}--> {Queue}";
    }
}
