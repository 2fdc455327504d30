using System.Text;
using OklaMq.Hosting.Infrastructure;

namespace OklaMq.Hosting.RabbitMq;

/// <summary>
/// Everything that makes one RabbitMQ node of one run its own: node name, ports and folders.
/// Pure data, so the AppHost, the benchmarks and a multi-node cluster build nodes the same way.
/// </summary>
/// <param name="Home">HOME of the node: holds its Erlang cookie, config, data and logs. Nodes of one cluster share it.</param>
public sealed record RabbitMqNodeLayout(
    string NodeName,
    int AmqpPort,
    int DistributionPort,
    int EpmdPort,
    int ManagementPort,
    int PrometheusPort,
    string Home)
{
    /// <summary>Debian's script that runs the node as the calling user (<c>/usr/sbin/rabbitmq-server</c> switches to the rabbitmq user).</summary>
    public const string DefaultServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public static readonly IReadOnlyList<string> Plugins =
        ["rabbitmq_management", "rabbitmq_prometheus", "rabbitmq_consistent_hash_exchange"];

    /// <summary>A node with fresh ports and a unique name, living in <paramref name="home"/>.</summary>
    public static RabbitMqNodeLayout Allocate(string name, string home, int? epmdPort = null) => new(
        NodeName: $"{name}-{Guid.NewGuid().ToString("N")[..8]}@localhost",
        AmqpPort: LocalPorts.Next(),
        DistributionPort: LocalPorts.Next(),
        EpmdPort: epmdPort ?? LocalPorts.Next(),
        ManagementPort: LocalPorts.Next(),
        PrometheusPort: LocalPorts.Next(),
        Home: home);

    /// <summary>The address the node listens on (AMQP, management, Prometheus, inter-node traffic): loopback unless the node runs in a network of its own.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>The node of a cluster that this one joins when it first starts (none: it starts a cluster of its own).</summary>
    public string? Seed { get; init; }

    private string ShortName => NodeName.Split('@')[0];
    public string ConfigFile => Path.Combine(Home, $"{ShortName}.conf");
    /// <summary>The users and permissions the node loads at boot: the nodes of a cluster share <see cref="Home"/>, so each has its own copy.</summary>
    public string DefinitionsFile => Path.Combine(Home, $"{ShortName}.definitions.json");
    public string EnabledPluginsFile => Path.Combine(Home, "enabled_plugins");
    /// <summary>Where the running node writes its operating-system process id.</summary>
    public string PidFile => Path.Combine(Home, $"{ShortName}.pid");

    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["HOME"] = Home,
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = Address,
        ["RABBITMQ_NODE_PORT"] = AmqpPort.ToString(),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(),
        ["ERL_EPMD_PORT"] = EpmdPort.ToString(),
        ["RABBITMQ_CONFIG_FILE"] = ConfigFile,
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = EnabledPluginsFile,
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Home, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(Home, "log", ShortName),
        ["RABBITMQ_PID_FILE"] = PidFile,
        // Keep the machine's /etc/rabbitmq/rabbitmq-env.conf (node name, ports) out of this run.
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(Home, "rabbitmq-env.conf"),
        // Fail instead of starting a stray epmd daemon that would outlive the run, and keep
        // inter-node traffic on the node's address (the distribution port listens on every interface otherwise).
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = $"-start_epmd false -kernel inet_dist_use_interface {{{Address.Replace('.', ',')}}}",
        // A node named after an address (n1@10.0.0.11) needs Erlang's long names.
        ["RABBITMQ_USE_LONGNAME"] = (NodeName.Split('@')[1] != "localhost").ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// The node's rabbitmq.conf: its address only, either the run's users and virtual host from
    /// <paramref name="definitions"/> (<see cref="BrokerDefinitions"/>) or <paramref name="account"/>
    /// as its only user, and the seed it joins.
    /// </summary>
    public string Config(BrokerAccount account, int maxMessageSizeBytes, bool definitions = false)
    {
        var config = new StringBuilder()
            .AppendLine($"listeners.tcp.1 = {Address}:{AmqpPort}")
            .AppendLine($"management.tcp.ip = {Address}")
            .AppendLine($"management.tcp.port = {ManagementPort}")
            .AppendLine($"prometheus.tcp.ip = {Address}")
            .AppendLine($"prometheus.tcp.port = {PrometheusPort}");
        if (definitions)
        {
            config.AppendLine($"load_definitions = {DefinitionsFile}");
        }
        else
        {
            config
                .AppendLine($"default_vhost = {account.VirtualHost}")
                .AppendLine($"default_user = {account.UserName}")
                .AppendLine($"default_pass = {account.Password}")
                .AppendLine("default_user_tags.administrator = true");
        }
        config
            .AppendLine($"max_message_size = {maxMessageSizeBytes}")
            .AppendLine("cluster_partition_handling = pause_minority")
            .AppendLine("log.console = true")
            .AppendLine("log.console.level = warning")
            .AppendLine("log.file.level = info");
        if (Seed is not null)
        {
            // Join the seed when it answers; until then try again every second, for up to two minutes
            // (the nodes of a cluster start together, the seed may not be up yet).
            config.AppendLine("cluster_formation.peer_discovery_backend = classic_config")
                .AppendLine($"cluster_formation.classic_config.nodes.1 = {Seed}")
                .AppendLine("cluster_formation.discovery_retry_limit = 120")
                .AppendLine("cluster_formation.discovery_retry_interval = 1000");
        }
        return config.ToString();
    }

    public string EnabledPlugins() => $"[{string.Join(",", Plugins)}].";

    /// <summary>
    /// The Erlang cookie of every node living in <see cref="Home"/>: the nodes of a cluster must share one,
    /// so it is written once, before any of them starts (a lone node would create its own).
    /// </summary>
    public void WriteCookie() =>
        PrivateFile.Write(Path.Combine(Home, ".erlang.cookie"), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)));

    /// <summary>Writes the node's files; passwords are in them, so they are readable by the owner only.</summary>
    public void WriteFiles(BrokerAccount account, int maxMessageSizeBytes, string? definitionsJson = null)
    {
        Directory.CreateDirectory(Home);
        if (definitionsJson is not null)
        {
            PrivateFile.Write(DefinitionsFile, definitionsJson);
        }
        PrivateFile.Write(ConfigFile, Config(account, maxMessageSizeBytes, definitions: definitionsJson is not null));
        File.WriteAllText(EnabledPluginsFile, EnabledPlugins());
    }
}

/// <summary>The broker user and virtual host a run creates.</summary>
public sealed record BrokerAccount(string UserName, string Password, string VirtualHost)
{
    public override string ToString() => $"{UserName}@{VirtualHost}";
}
