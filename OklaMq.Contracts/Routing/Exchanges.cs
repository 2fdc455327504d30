namespace OklaMq.Contracts.Routing;

/// <summary>The exchanges of the routing table (design document section 7, SPEC.md "Routing").</summary>
public static class Exchanges
{
    public const string VehicleEvents = "vehicle.events";
    public const string UserEvents = "user.events";
    public const string BillingEvents = "billing.events";
    /// <summary>The document lists only the lead routing keys; their exchange follows the per-domain pattern.</summary>
    public const string LeadEvents = "lead.events";
    public const string NotificationCommands = "notification.commands";
    /// <summary>Commands of the vehicle sale saga (MQ-SAGA-001), consumed by Vehicles.</summary>
    public const string VehicleCommands = "vehicle.commands";
    /// <summary>Commands to Billing: charges, refunds, subscription activation (MQ-SAGA-001, MQ-SAGA-002).</summary>
    public const string BillingCommands = "billing.commands";

    /// <summary>
    /// Dead letters. The document declares it fanout, which copies every dead letter into every
    /// <c>-dlq</c> queue; it is direct here so each dead letter reaches its own queue only
    /// (docs/recovery.md explains the decision).
    /// </summary>
    public const string DeadLetters = "dlx";

    /// <summary>The domain exchanges that carry events (topic), in table order.</summary>
    public static readonly IReadOnlyList<string> Domain = [VehicleEvents, UserEvents, BillingEvents, LeadEvents];
}

/// <summary>RabbitMQ exchange types, as the broker spells them.</summary>
public static class ExchangeTypes
{
    public const string Topic = "topic";
    public const string Direct = "direct";
    public const string Fanout = "fanout";
}
