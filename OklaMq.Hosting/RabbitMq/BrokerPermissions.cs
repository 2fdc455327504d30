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
/// (docs/security.md explains every entry): the exchanges it publishes to, and, for a service with
/// consumers or sagas, their queues and what goes with them. MassTransit declares what it binds and
/// sends to, so a consumer needs <c>configure</c> on the exchanges it binds from, and every
/// MassTransit bus its temporary bus endpoint (<c>&lt;user&gt;_bus_&lt;id&gt;</c>, named so by the
/// service defaults). The queue names are the endpoints of the services' consumer and saga
/// definitions; a spec compares Notification's and Analytics'.
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

    /// <summary>
    /// What each service publishes to, and its endpoints (a saga's queue is <c>&lt;saga&gt;-saga</c>)
    /// with the exchanges they are bound to. A new consumer, saga or published exchange of a service
    /// goes here too, or the broker refuses it (the end-to-end tests then fail with ACCESS_REFUSED).
    /// </summary>
    private static readonly Dictionary<string, Role> Roles = new(StringComparer.Ordinal)
    {
        // Listings and leads; the lead follow-up saga (MQ-SAGA-004) sends the dealer's reminders; the
        // vehicle sale saga (MQ-SAGA-001) takes the reservation commands and asks Billing for the deposit.
        ["vehicles"] = new(
            PublishesTo: [Exchanges.VehicleEvents, Exchanges.LeadEvents, Exchanges.NotificationCommands, Exchanges.VehicleCommands, Exchanges.BillingCommands],
            Queues: [Literal("lead-follow-up-saga"), Literal("vehicle-sale-saga")],
            Endpoints: ["lead-follow-up-saga", "vehicle-sale-saga"],
            BindsFrom: [Exchanges.LeadEvents, Exchanges.VehicleCommands, Exchanges.BillingEvents]),
        // Payments; its consumers take the sagas' charge and refund commands, and the subscription
        // activation saga (MQ-SAGA-002) follows its own charges' outcomes.
        ["billing"] = new(
            PublishesTo: [Exchanges.BillingEvents, Exchanges.BillingCommands],
            Queues: [Literal("payment-requests"), Literal("payment-refunds"), Literal("subscription-activation-saga")],
            Endpoints: ["payment-requests", "payment-refunds", "subscription-activation-saga"],
            BindsFrom: [Exchanges.BillingCommands, Exchanges.BillingEvents]),
        // Users and their verification email; the registration saga (MQ-SAGA-003) sends reminders.
        ["auth"] = new(
            PublishesTo: [Exchanges.UserEvents, Exchanges.NotificationCommands],
            Queues: [Literal("registration-saga")],
            Endpoints: ["registration-saga"],
            BindsFrom: [Exchanges.UserEvents]),
        // Its consumers publish the email and push commands.
        ["notification"] = new(
            PublishesTo: [Exchanges.NotificationCommands],
            Queues: [.. NotificationQueues.Select(Literal)],
            Endpoints: NotificationQueues,
            BindsFrom: [.. Exchanges.Domain, Exchanges.NotificationCommands]),
        // The endpoint's partition queues (RabbitMQ:Ordering:Queues of them) and the consistent-hash
        // exchange in front of them.
        ["analytics"] = new(
            PublishesTo: [],
            Queues: [Literal(AnalyticsEndpoint) + "-p[0-9]+", Literal(AnalyticsEndpoint + "-partitions")],
            Endpoints: [AnalyticsEndpoint],
            BindsFrom: Exchanges.Domain),
    };

    public static BrokerPermissions For(string service, string? userName = null)
    {
        var user = userName ?? service;
        if (service == "deadletters")
        {
            // Declares and consumes the fault store; reads (replays, purges) every dead-letter queue.
            return new(Any(Literal(FaultStoreQueue)), Any(Literal(DefaultExchange)), Any(Literal(FaultStoreQueue), ".*-dlq"));
        }
        if (!Roles.TryGetValue(service, out var role))
        {
            throw new ArgumentException(
                $"No broker permissions are defined for service '{service}'. Add them to {nameof(ServicePermissions)} (OklaMq.Hosting/RabbitMq) and docs/security.md.",
                nameof(service));
        }
        return role.Permissions(user);
    }

    /// <summary>The temporary endpoint of a MassTransit bus, named after the user that opens it.</summary>
    public static string BusEndpointPattern(string user) => Literal(user) + "_bus_.*";

    private static string Any(params IEnumerable<string> patterns) => $"^({string.Join('|', patterns.Distinct())})$";

    private static string Literal(string name) => Regex.Escape(name);

    /// <param name="Queues">Patterns of the endpoint queues (with MassTransit's exchanges of the same names) and other exchanges the service's endpoints declare.</param>
    /// <param name="Endpoints">Endpoint names: each has its <c>&lt;endpoint&gt;-dlq</c>.</param>
    private sealed record Role(IReadOnlyList<string> PublishesTo, IReadOnlyList<string>? Queues = null, IReadOnlyList<string>? Endpoints = null, IReadOnlyList<string>? BindsFrom = null)
    {
        /// <summary>
        /// Publishes to its exchanges (declaring them on first use) and has a MassTransit bus. With
        /// endpoints, also: consumes its queues and declares them, binds them to the exchanges it
        /// consumes from, to the delay delivery exchange and (their dead letters) through <c>dlx</c>
        /// to its <c>-dlq</c> queues and the fault store; declares the delay queues and schedules
        /// redeliveries and timeouts through them; publishes dead letters to <c>dlx</c>.
        /// </summary>
        public BrokerPermissions Permissions(string user)
        {
            var bus = BusEndpointPattern(user);
            var targets = PublishesTo.Select(Literal).ToList();
            if (Endpoints is not { Count: > 0 })
            {
                return new(Any([.. targets, bus]), Any([.. targets, bus]), Any(bus));
            }
            var own = Queues ?? [];
            var deadLetterQueues = Endpoints.Select(e => Literal(e + "-dlq")).Append(Literal(FaultStoreQueue)).ToList();
            var sources = (BindsFrom ?? []).Select(Literal).ToList();
            string[] shared = [Literal(Exchanges.DeadLetters), DelayTopologyPattern, bus];
            return new(
                Configure: Any([.. own, .. deadLetterQueues, .. sources, .. targets, .. shared]),
                Write: Any([.. own, .. deadLetterQueues, .. targets, .. shared]),
                Read: Any([.. own, .. sources, .. shared]));
        }
    }
}
