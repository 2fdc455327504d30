using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OklaMq.Hosting.Local;
using OklaMq.Hosting.RabbitMq;
using OklaMq.ServiceDefaults.Messaging;
using OklaMq.Tests.EndToEnd.Infrastructure;
using RabbitMQ.Client;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// What the fault suite runs on, started once for all its scenarios: a three-node RabbitMQ cluster in
/// network namespaces (<see cref="BrokerCluster"/>), a Redis with the AppHost's persistence
/// (<see cref="LocalRedis"/>), and the AppHost in external mode on both, which starts the six
/// services, each as its own broker user (<see cref="ClusterUsers"/>), with the end-to-end tests'
/// shrunk settings. The suite's direct publisher and its management calls use the administrator. Every outcome is written to
/// <see cref="ReportFile"/> as it comes.
/// </summary>
public sealed class ReliabilitySystem : IAsyncLifetime
{
    public const string OutboxStream = "okla:outbox:OklaMq.VehiclesService";

    /// <summary>Analytics' partition queues: where every workload event is consumed.</summary>
    public static readonly string[] AnalyticsQueues = [.. Enumerable.Range(0, 4).Select(p => $"analytics-events-p{p}")];
    private const int NodeCount = 3;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly Stopwatch _clock = new();
    private readonly List<ScenarioOutcome> _outcomes = [];

    private string _startTimes = "";

    internal NodeNetwork Network { get; private set; } = null!;
    internal BrokerCluster Cluster { get; private set; } = null!;
    internal LocalRedis Redis { get; private set; } = null!;
    public OklaMqApp App { get; private set; } = null!;

    /// <summary>The latest run's table (docs/reliability.md copies it).</summary>
    public static string ReportFile => Path.Combine(AppContext.BaseDirectory, "reliability-results.md");

    /// <summary>What the latest run's failing scenarios left to look at (<see cref="ScenarioOutcome.Diagnostics"/>).</summary>
    public static string DiagnosticsFile => Path.Combine(AppContext.BaseDirectory, "reliability-diagnostics.txt");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        _clock.Start();
        var users = new ClusterUsers("/okla");
        var account = users.Administrator;
        Network = await NodeNetwork.CreateAsync(NodeCount);
        Cluster = await BrokerCluster.StartAsync(Network, users, NodeCount, StartTimeout);
        var clusterStarted = _clock.Elapsed;
        File.WriteAllText(ReportFile, $"Fault suite starting: cluster formed in {clusterStarted.TotalSeconds:0} s; starting the services.{Environment.NewLine}");
        Redis = await LocalRedis.StartAsync("reliability-redis", ClusterUsers.NewSecret());

        var broker = BrokerAddress.Resolve(Cluster.ConnectionStringOf(account), new RabbitMqSettings());
        var factory = new ConnectionFactory
        {
            VirtualHost = account.VirtualHost,
            UserName = account.UserName,
            Password = account.Password,
            ClientProvidedName = "oklamq-reliability",
            AutomaticRecoveryEnabled = false,
            // A frozen node is noticed in seconds, not the default minute.
            RequestedHeartbeat = TimeSpan.FromSeconds(5),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            ContinuationTimeout = TimeSpan.FromSeconds(5),
        };
        var resolve = factory.EndpointResolverFactory;
        factory.EndpointResolverFactory = _ => resolve(broker.Nodes.Select(n => new AmqpTcpEndpoint(n.Host, n.Port)).ToList());

        // On a failed start the app reports why and stops itself.
        var app = new OklaMqApp
        {
            External = new ExternalInfrastructure(
                Cluster.ConnectionStringOf(account),
                users.Services.ToDictionary(s => s.UserName, Cluster.ConnectionStringOf),
                Redis.ConnectionString,
                new BrokerClient(factory),
                new ManagementApi(Cluster[1].ManagementUri, account.UserName, account.Password, account.VirtualHost),
                // The production delivery limit: a fault returns unacknowledged messages to their queue, and each return counts.
                // One Vehicles instance: a dealer's order is promised from one publisher (docs/exactly-once.md), and two
                // instances' outbox relays can hand the stream over mid-publish when a fault holds one up.
                ["--ServiceSettings:RabbitMQ:DeliveryLimit=10", "--Replicas:vehicles=1"]),
        };
        await app.InitializeAsync();
        App = app;
        App.FollowProcesses();
        _startTimes = $"cluster formed in {clusterStarted.TotalSeconds:0} s, services healthy {(_clock.Elapsed - clusterStarted).TotalSeconds:0} s later";
    }

    internal ScenarioRun Begin(int number, string name, int eventsPerDealer, TimeSpan pace) => new(this, number, name, eventsPerDealer, pace);

    /// <summary>Every node running in one cluster and every service healthy: how each scenario leaves the system.</summary>
    public async Task WaitUntilWholeAsync()
    {
        await Cluster.WaitUntilWholeAsync(TimeSpan.FromMinutes(2));
        await App.WaitUntilEverythingHealthyAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>The queues of the virtual host, from the first node whose management API answers.</summary>
    internal async Task<JsonArray> QueuesAsync()
    {
        foreach (var node in Cluster.Nodes)
        {
            try
            {
                return await Cluster.ManagementOf(node).QueueSummariesAsync();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
        }
        throw new InvalidOperationException("No node's management API answers.");
    }

    internal void Record(ScenarioOutcome outcome)
    {
        lock (_outcomes)
        {
            _outcomes.Add(outcome);
            var report = new StringBuilder()
                .AppendLine($"Fault suite run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores; " +
                    $"{_startTimes}; {_clock.Elapsed.TotalSeconds:0} s from the start to this scenario's end.")
                .AppendLine()
                .AppendLine(ScenarioOutcome.TableHeader);
            foreach (var row in _outcomes.OrderBy(o => o.Number))
            {
                report.AppendLine(row.TableRow);
            }
            File.WriteAllText(ReportFile, report.ToString());
            File.WriteAllText(DiagnosticsFile, string.Join(Environment.NewLine, _outcomes.OrderBy(o => o.Number).Select(o => o.Diagnostics).Where(d => d.Length > 0)));
        }
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        // First the network: it kills whatever still runs in the nodes' namespaces.
        if (Network is not null)
        {
            await Network.DisposeAsync();
        }
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilitySystem>
{
    /// <summary>The fault suite: alone, after every other test (it kills, freezes and cuts off what it runs on).</summary>
    public const string Name = "OklaMq reliability";
}
