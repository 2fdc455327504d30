namespace OklaMq.Hosting.Infrastructure;

/// <summary>How the AppHost provides RabbitMQ and Redis (configuration key <c>Infrastructure:Mode</c>).</summary>
public enum InfrastructureMode
{
    /// <summary>Containers when a container runtime is healthy, local processes otherwise.</summary>
    Auto,
    /// <summary>Debian's rabbitmq-server and redis-server as plain processes.</summary>
    Process,
    /// <summary>Aspire's RabbitMQ and Redis containers.</summary>
    Container,
    /// <summary>A broker and a Redis that already run: <c>ConnectionStrings:messaging</c> and <c>ConnectionStrings:cache</c>.</summary>
    External,
}
