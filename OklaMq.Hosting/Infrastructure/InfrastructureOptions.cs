namespace OklaMq.Hosting.Infrastructure;

/// <summary>The AppHost's <c>Infrastructure</c> configuration section.</summary>
public sealed class InfrastructureOptions
{
    public const string SectionName = "Infrastructure";

    public InfrastructureMode Mode { get; set; } = InfrastructureMode.Auto;

    public string RabbitMqServerPath { get; set; } = RabbitMq.RabbitMqNodeLayout.DefaultServerPath;
    public string RedisServerPath { get; set; } = "/usr/bin/redis-server";
    public string EpmdPath { get; set; } = "/usr/bin/epmd";

    /// <summary>The broker's largest accepted message; larger publishes are refused by the broker.</summary>
    public int MaxMessageSizeBytes { get; set; } = 1024 * 1024;

    /// <summary>How long the container runtime check may take before the runtime counts as unhealthy.</summary>
    public TimeSpan ContainerRuntimeProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The management UI of an external broker, shown in the dashboard when set.</summary>
    public Uri? ExternalManagementUrl { get; set; }
}
