using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>
/// Where the broker is and who we are on it: from the Aspire connection string
/// (<c>amqp://user:password@host:port[/vhost]</c>), else from the <c>RabbitMQ</c> section.
/// </summary>
public sealed record BrokerAddress(string Host, int Port, string VirtualHost, string Username, string Password)
{
    public static BrokerAddress Resolve(string? connectionString, RabbitMqSettings settings)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (string.IsNullOrWhiteSpace(settings.Host) || string.IsNullOrWhiteSpace(settings.Username) || settings.Password is null)
            {
                throw new InvalidOperationException(
                    $"No broker configured: set ConnectionStrings:{MessagingExtensions.ConnectionName} (the AppHost does) " +
                    "or RabbitMQ:Host, RabbitMQ:Username and RabbitMQ:Password.");
            }
            return new(settings.Host, settings.Port, settings.VirtualHost, settings.Username, settings.Password);
        }

        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{MessagingExtensions.ConnectionName} is not an amqp:// URI.");
        }
        var credentials = uri.UserInfo.Split(':', 2);
        // AMQP URI rule: the path after the first '/' is the escaped virtual host ("/%2Fokla" is "/okla").
        var virtualHost = uri.AbsolutePath.Length > 1 ? Uri.UnescapeDataString(uri.AbsolutePath[1..]) : settings.VirtualHost;
        return new(
            uri.Host,
            uri.IsDefaultPort ? 5672 : uri.Port,
            virtualHost,
            Uri.UnescapeDataString(credentials[0]),
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : string.Empty);
    }

    /// <summary>
    /// A name for this process's MassTransit bus endpoint (a temporary, auto-delete queue of its
    /// own): <c>&lt;user&gt;_bus_&lt;unique id&gt;</c>, which the user's broker permissions allow.
    /// </summary>
    public static string BusEndpointName(string username) => $"{username}_bus_{NewId.Next():N}";

    /// <summary>
    /// The exclusive queue the replicas of a service take in turn to declare their endpoint queues
    /// (<see cref="Topology.EndpointQueues"/>): in the user's own temporary-queue names, which its
    /// broker permissions allow.
    /// </summary>
    public static string TopologyLockName(string username) => $"{username}_bus_topology-lock";

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"amqp://{Username}@{Host}:{Port}{VirtualHost}";
}
