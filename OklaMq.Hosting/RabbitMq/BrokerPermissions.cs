using System.Text.RegularExpressions;
using OklaMq.Contracts.Routing;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>
/// A broker user's permissions on the virtual host: three regular expressions over exchange and
/// queue names (https://www.rabbitmq.com/docs/access-control#authorisation). <c>configure</c>
/// declares and deletes, <c>write</c> publishes to an exchange or binds to a queue or exchange,
/// <c>read</c> consumes from a queue or binds from an exchange.
/// </summary>
public sealed record BrokerPermissions(string Configure, string Write, string Read)
{
    public static readonly BrokerPermissions Everything = new(".*", ".*", ".*");
}

/// <summary>
/// One broker user per OklaMq service, allowed exactly what that service does on <c>/okla</c>
/// (docs/security.md explains every entry). MassTransit declares what it binds and sends to, so a
/// consumer needs <c>configure</c> on the exchanges it binds from, and every MassTransit bus its
/// temporary bus endpoint (<c>&lt;user&gt;_bus_&lt;id&gt;</c>, named so by the service defaults).
/// The queue names here are the endpoints of the services' consumer definitions; a spec compares them.
/// </summary>
public static class ServicePermissions
{
    /// <summary>Where every dead letter is copied for the dead-letter service (ServiceDefaults' DeadLetterQueues).</summary>
    public const string FaultStoreQueue = "fault-store";

    /// <summary>The delay exchanges and queues, <c>okla.delay.00</c> … and <c>okla.delay.delivery</c> (ServiceDefaults' DelayTopology).</summary>
    public const string DelayTopologyPattern = @"okla\.delay\..*";

    /// <summary>The exchange a replay publishes through: the default exchange, which reaches any queue by name.</summary>
    public const string DefaultExchange = "amq.default";

    public static readonly IReadOnlyList<string> NotificationQueues =
    [
        "vehicle-created", "vehicle-sold", "user-registered", "user-verified",
        "payment-success", "payment-failed", "subscription-created", "subscription-cancelled",
        "lead-created", "send-email", "send-sms", "send-push",
    ];

    public const string AnalyticsEndpoint = "analytics-events";

    public static IReadOnlyList<string> Services { get; } = ["vehicles", "billing", "auth", "notification", "analytics", "deadletters"];

    public static BrokerPermissions For(string service, string? userName = null)
    {
        var user = userName ?? service;
        return service switch
        {
            "vehicles" => Publisher(user, Exchanges.VehicleEvents, Exchanges.LeadEvents),
            "billing" => Publisher(user, Exchanges.BillingEvents),
            "auth" => Publisher(user, Exchanges.UserEvents, Exchanges.NotificationCommands),
            "notification" => Consumer(
                user,
                queues: NotificationQueues.Select(Literal),
                endpoints: NotificationQueues,
                bindsFrom: [.. Exchanges.Domain, Exchanges.NotificationCommands],
                publishesTo: [Exchanges.NotificationCommands]),
            "analytics" => Consumer(
                user,
                // The endpoint's partition queues (RabbitMQ:Ordering:Queues of them) and the
                // consistent-hash exchange in front of them.
                queues: [Literal(AnalyticsEndpoint) + "-p[0-9]+", Literal(AnalyticsEndpoint + "-partitions")],
                endpoints: [AnalyticsEndpoint],
                bindsFrom: Exchanges.Domain,
                publishesTo: []),
            // Declares and consumes the fault store; reads (replays, purges) every dead-letter queue.
            "deadletters" => new(
                Any(Literal(FaultStoreQueue)),
                Any(Literal(DefaultExchange)),
                Any(Literal(FaultStoreQueue), ".*-dlq")),
            _ => throw new ArgumentException(
                $"No broker permissions are defined for service '{service}'. Add them to {nameof(ServicePermissions)} (OklaMq.Hosting/RabbitMq) and docs/security.md.",
                nameof(service)),
        };
    }

    /// <summary>The temporary endpoint of a MassTransit bus, named after the user that opens it.</summary>
    public static string BusEndpointPattern(string user) => Literal(user) + "_bus_.*";

    /// <summary>Publishes to its exchanges (declaring them on first use) and has a MassTransit bus.</summary>
    private static BrokerPermissions Publisher(string user, params string[] exchanges)
    {
        string[] names = [.. exchanges.Select(Literal), BusEndpointPattern(user)];
        return new(Any(names), Any(names), Any(BusEndpointPattern(user)));
    }

    /// <summary>
    /// Consumes its queues (and declares them with MassTransit's same-named exchanges), binds them to
    /// the exchanges it consumes from, to the delay delivery exchange and (their dead letters) through
    /// <c>dlx</c> to its endpoints' <c>-dlq</c> queues and the fault store; declares the delay queues
    /// and schedules redeliveries through them; publishes dead letters to <c>dlx</c> and its commands.
    /// </summary>
    private static BrokerPermissions Consumer(string user, IEnumerable<string> queues, IEnumerable<string> endpoints, IEnumerable<string> bindsFrom, IEnumerable<string> publishesTo)
    {
        var own = queues.ToList();
        var deadLetterQueues = endpoints.Select(e => Literal(e + "-dlq")).Append(Literal(FaultStoreQueue)).ToList();
        var sources = bindsFrom.Select(Literal).ToList();
        var targets = publishesTo.Select(Literal).ToList();
        string[] shared = [Literal(Exchanges.DeadLetters), DelayTopologyPattern, BusEndpointPattern(user)];
        return new(
            Configure: Any([.. own, .. deadLetterQueues, .. sources, .. targets, .. shared]),
            Write: Any([.. own, .. deadLetterQueues, .. targets, .. shared]),
            Read: Any([.. own, .. sources, .. shared]));
    }

    private static string Any(params IEnumerable<string> patterns) => $"^({string.Join('|', patterns.Distinct())})$";

    private static string Literal(string name) => Regex.Escape(name);
}
