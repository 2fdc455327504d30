namespace OklaMq.Benchmarks.Systems;

/// <summary>The system scenarios by name: the real path, its peers, and the consumers' scale.</summary>
public static class SystemScenarios
{
    public const string AnalyticsEffect = "okla:inbox:analytics-events:vehicle.created:";
    public const string WolverineEffect = "okla:benchmark:effects:";

    /// <summary>Through HTTP into a publishing service, to its effect in a consuming service; fresh processes for every measurement.</summary>
    public static readonly string[] Paths = ["http-outbox", "http-direct", "http-wolverine", "http-wolverine-durable"];

    /// <summary>Events from the benchmark into 1, 2, 4… instances of a consuming service.</summary>
    public static readonly string[] Scales = ["scale-analytics", "scale-notification"];

    public static readonly string[] All = [.. Paths, .. Scales];

    public static ISystemScenario CreatePath(string name, SystemContext context) => name switch
    {
        "http-outbox" => new HttpScenario(context, name,
            [new("analytics", ServiceBinaries.Analytics), new("vehicles", ServiceBinaries.Vehicles)], AnalyticsEffect),
        "http-direct" => new HttpScenario(context, name,
            [new("analytics", ServiceBinaries.Analytics), new("vehicles", ServiceBinaries.Vehicles, new Dictionary<string, string> { ["Outbox__Enabled"] = "false" })], AnalyticsEffect),
        "http-wolverine" => new HttpScenario(context, name, WolverinePeer(context, durable: false), WolverineEffect),
        "http-wolverine-durable" => new HttpScenario(context, name, WolverinePeer(context, durable: true), WolverineEffect),
        _ => throw new ArgumentException($"Unknown system scenario '{name}'."),
    };

    public static ConsumerScaleScenario CreateScale(string name, SystemContext context) => name switch
    {
        "scale-analytics" => new ConsumerScaleScenario(context, ScaledService.Analytics),
        "scale-notification" => new ConsumerScaleScenario(context, ScaledService.Notification),
        _ => throw new ArgumentException($"Unknown scale scenario '{name}'."),
    };

    /// <summary>The Wolverine peer's consumer and its HTTP front, each with its own schema for its envelopes.</summary>
    private static ServiceSpec[] WolverinePeer(SystemContext context, bool durable)
    {
        Dictionary<string, string> Settings(string role) => new()
        {
            ["Peer__Role"] = role,
            ["Peer__Durable"] = durable.ToString(),
            ["ConnectionStrings__postgres"] = context.PostgresConnectionString
                ?? (durable ? throw new InvalidOperationException("The durable Wolverine peer needs PostgreSQL.") : string.Empty),
        };
        return [new("wolverine-consumer", ServiceBinaries.WolverinePeer, Settings("consumer")), new("wolverine-publisher", ServiceBinaries.WolverinePeer, Settings("publisher"))];
    }

    public static string DisplayName(string scenario) => scenario switch
    {
        "http-outbox" => "OklaMq: Vehicles with its outbox → Analytics with its inbox",
        "http-direct" => "OklaMq: Vehicles without outbox → Analytics with its inbox",
        "http-wolverine" => "Wolverine, buffered (no inbox, no outbox)",
        "http-wolverine-durable" => "Wolverine, durable (PostgreSQL inbox and outbox)",
        "scale-analytics" => "Analytics",
        "scale-notification" => "Notification",
        _ => scenario,
    };
}
