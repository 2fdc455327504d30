using System.Text.RegularExpressions;
using MassTransit;

namespace OklaMq.ServiceDefaults.Messaging;

/// <summary>
/// Where the broker is and who we are on it: from the Aspire connection string
/// (<c>amqp://user:password@host:port[/vhost]</c>), else from the <c>RabbitMQ</c> section. A cluster's
/// connection string lists one such URI per node, separated by commas; clients connect to any
/// node and move to another when theirs goes away.
/// </summary>
public sealed partial record BrokerAddress(IReadOnlyList<BrokerNode> Nodes, string VirtualHost, string Username, string Password)
{
    /// <summary>The first node: where a client that takes a single host connects.</summary>
    public string Host => Nodes[0].Host;

    public int Port => Nodes[0].Port;

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
            return new([new(settings.Host, settings.Port)], settings.VirtualHost, settings.Username, settings.Password);
        }

        var nodes = NodeSeparator().Split(connectionString.Trim()).Select(uri => Parse(uri, settings)).ToList();
        var first = nodes[0];
        if (nodes.Any(n => n.VirtualHost != first.VirtualHost || n.Username != first.Username || n.Password != first.Password))
        {
            throw new InvalidOperationException(
                $"The nodes of ConnectionStrings:{MessagingExtensions.ConnectionName} must share one user, password and virtual host.");
        }
        return first with { Nodes = nodes.SelectMany(n => n.Nodes).ToList() };
    }

    private static BrokerAddress Parse(string connectionString, RabbitMqSettings settings)
    {
        // A comma after the host ("amqp://…@h1:1/%2Fokla,h2:2") is a list item that is not a URI of its own.
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || uri.AbsolutePath.Contains(','))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{MessagingExtensions.ConnectionName} is not an amqp:// URI, nor a comma-separated list of them.");
        }
        var credentials = uri.UserInfo.Split(':', 2);
        // AMQP URI rule: the path after the first '/' is the escaped virtual host ("/%2Fokla" is "/okla").
        var virtualHost = uri.AbsolutePath.Length > 1 ? Uri.UnescapeDataString(uri.AbsolutePath[1..]) : settings.VirtualHost;
        return new(
            [new(uri.Host, uri.IsDefaultPort ? 5672 : uri.Port)],
            virtualHost,
            Uri.UnescapeDataString(credentials[0]),
            credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : string.Empty);
    }

    // A comma followed by the next URI's scheme: a comma inside a password stays part of it.
    [GeneratedRegex(",(?=amqps?://)")]
    private static partial Regex NodeSeparator();

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
    public override string ToString() => $"amqp://{Username}@{string.Join(",", Nodes)}{VirtualHost}";
}

/// <summary>One node of the broker.</summary>
public sealed record BrokerNode(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}
