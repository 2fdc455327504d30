using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.RabbitMq;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// A three-node RabbitMQ cluster laid out as the AppHost's <c>--Messaging:Nodes=3</c> lays one out
/// (<see cref="RabbitMqNodeLayout"/>: one cookie, node 1 starts the cluster, the others join it,
/// <c>pause_minority</c>), but each node in a network namespace of its own (<see cref="NodeNetwork"/>),
/// so that a test can cut one off, with the administrator and the services' users of <see cref="ClusterUsers"/>. Its net tick time is shortened for the run, so a lost node is
/// noticed in seconds rather than a minute.
/// </summary>
internal sealed class BrokerCluster : IAsyncDisposable
{
    /// <summary>Erlang's net_ticktime: a node that does not answer for about this long is considered down (default 60 s).</summary>
    public static readonly TimeSpan NetTickTime = TimeSpan.FromSeconds(5);

    private readonly RunDirectory _home;
    private readonly Dictionary<int, ManagementApi> _management;

    private BrokerCluster(RunDirectory home, IReadOnlyList<ClusterNode> nodes, ClusterUsers users)
    {
        _home = home;
        Nodes = nodes;
        Users = users;
        _management = nodes.ToDictionary(n => n.Number, n => new ManagementApi(n.ManagementUri, Account.UserName, Account.Password, Account.VirtualHost));
    }

    public IReadOnlyList<ClusterNode> Nodes { get; }
    public ClusterUsers Users { get; }

    /// <summary>The administrator.</summary>
    public BrokerAccount Account => Users.Administrator;

    /// <summary>The cluster's connection string as <paramref name="account"/>, as the AppHost makes it: every node's URI, comma-separated.</summary>
    public string ConnectionStringOf(BrokerAccount account) => string.Join(",", Nodes.Select(n => n.ConnectionString(account)));

    public ClusterNode this[int number] => Nodes.Single(n => n.Number == number);

    public ManagementApi ManagementOf(ClusterNode node) => _management[node.Number];

    public static async Task<BrokerCluster> StartAsync(NodeNetwork network, ClusterUsers users, int count, TimeSpan timeout)
    {
        var options = new InfrastructureOptions();
        var home = RunDirectory.Create("reliability-cluster");
        var layouts = Enumerable.Range(1, count).Select(n => new RabbitMqNodeLayout(
            NodeName: $"n{n}@{network.AddressOf(n)}",
            AmqpPort: 5672, DistributionPort: 25672, EpmdPort: 4369, ManagementPort: 15672, PrometheusPort: 15692,
            Home: home.Path) { Address = network.AddressOf(n) }).ToList();
        layouts = layouts.Select((layout, i) => i == 0 ? layout : layout with { Seed = layouts[0].NodeName }).ToList();
        var cluster = new BrokerCluster(home, layouts.Select((layout, i) => new ClusterNode(i + 1, layout, network, options)).ToList(), users);
        try
        {
            layouts[0].WriteCookie();
            var definitions = await users.DefinitionsAsync();
            foreach (var layout in layouts)
            {
                layout.WriteFiles(users.Administrator, options.MaxMessageSizeBytes, definitions);
                File.AppendAllText(layout.ConfigFile, $"""
                    net_ticktime = {NetTickTime.TotalSeconds}
                    collect_statistics_interval = 1000

                    """);
            }
            // As the AppHost does: the others join the first once it is up (not while it still boots).
            await cluster.Nodes[0].StartAsync();
            await cluster.WaitUntilAcceptingAsync(cluster.Nodes[0], timeout);
            await Task.WhenAll(cluster.Nodes.Skip(1).Select(n => n.StartAsync()));
            await cluster.WaitUntilWholeAsync(timeout);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every node accepts connections and every one is running in one cluster, without partitions.</summary>
    public async Task WaitUntilWholeAsync(TimeSpan timeout)
    {
        if (await WhatIsMissingAfterAsync(timeout) is { } why)
        {
            throw new TimeoutException($"The cluster is not whole after {timeout.TotalSeconds:0} s: {why}{Environment.NewLine}" +
                string.Join(Environment.NewLine, Nodes.Select(n => $"{n.Name}:{Environment.NewLine}{n.Tail()}")));
        }
    }

    /// <summary>Null once the cluster is whole, else (after <paramref name="timeout"/>) what it still lacks.</summary>
    public async Task<string?> WhatIsMissingAfterAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var why = await WhatIsMissingAsync();
            if (why.Length == 0)
            {
                return null;
            }
            if (clock.Elapsed > timeout)
            {
                return why;
            }
            await Task.Delay(500);
        }
    }

    private async Task WaitUntilAcceptingAsync(ClusterNode node, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await NotAcceptingAsync(node) is { } why)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{node.Name} does not accept connections after {timeout.TotalSeconds:0} s: {why}{Environment.NewLine}{node.Tail()}");
            }
            await Task.Delay(250);
        }
    }

    private async Task<string?> NotAcceptingAsync(ClusterNode node)
    {
        node.ThrowIfExited();
        var check = new RabbitMqConnectionHealthCheck(_ => Task.FromResult<string?>(node.ConnectionString(Account)), Account.VirtualHost);
        var result = await check.CheckHealthAsync(new HealthCheckContext());
        return result.Status == HealthStatus.Healthy ? null : $"{node.Name}: {result.Description}";
    }

    private async Task<string> WhatIsMissingAsync()
    {
        foreach (var node in Nodes)
        {
            if (await NotAcceptingAsync(node) is { } why)
            {
                return why;
            }
        }
        foreach (var node in Nodes)
        {
            try
            {
                var seen = await ManagementOf(node).NodesAsync();
                var running = seen.Where(n => (bool?)n!["running"] == true).Select(n => (string)n!["name"]!).ToHashSet();
                var partitioned = seen.Where(n => n!["partitions"] is JsonArray { Count: > 0 }).Select(n => (string)n!["name"]!).ToList();
                if (running.Count != Nodes.Count || partitioned.Count > 0)
                {
                    return $"{node.Name} sees {running.Count} running nodes, partitions on [{string.Join(", ", partitioned)}]";
                }
            }
            catch (HttpRequestException ex)
            {
                return $"{node.Name}'s management API: {ex.Message}";
            }
        }
        return "";
    }

    /// <summary>The node that leads most of these quorum queues (their Raft leader: every publish and delivery goes through it).</summary>
    public async Task<ClusterNode> LeaderOfMostAsync(IEnumerable<string> queues)
    {
        var all = await ManagementOf(Nodes[0]).QueueSummariesAsync();
        var names = queues.ToHashSet();
        var leader = all.Where(q => names.Contains((string)q!["name"]!))
            .GroupBy(q => (string?)q!["leader"])
            .OrderByDescending(g => g.Count())
            .First().Key;
        return Nodes.Single(n => n.Name == leader);
    }

    /// <summary>The node most services' connections are on: freezing it leaves the most clients hanging.</summary>
    public async Task<ClusterNode> NodeWithMostConnectionsAsync()
    {
        var connections = await ManagementOf(Nodes[0]).ConnectionsAsync();
        var busiest = connections.GroupBy(c => (string?)c!["node"]).OrderByDescending(g => g.Count()).First().Key;
        return Nodes.Single(n => n.Name == busiest);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
        foreach (var management in _management.Values)
        {
            management.Dispose();
        }
        _home.Dispose();
    }
}
