using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.RabbitMq;

namespace OklaMq.Hosting.Local;

/// <summary>
/// A RabbitMQ node of its own, outside Aspire: an Erlang port mapper on a free port, then a node
/// laid out by <see cref="RabbitMqNodeLayout"/> exactly as the AppHost's process mode lays it out,
/// in a <see cref="RunDirectory"/> that is removed when the broker is disposed.
/// </summary>
public sealed class LocalRabbitMq : IAsyncDisposable
{
    private readonly RunDirectory _home;
    private readonly LocalProcess _epmd;
    private readonly LocalProcess _node;

    private LocalRabbitMq(RunDirectory home, LocalProcess epmd, LocalProcess node, RabbitMqNodeLayout layout, BrokerAccount account)
    {
        _home = home;
        _epmd = epmd;
        _node = node;
        Layout = layout;
        Account = account;
    }

    public RabbitMqNodeLayout Layout { get; }
    public BrokerAccount Account { get; }

    /// <summary>The Aspire-shaped connection string (<c>amqp://user:password@host:port</c>); the virtual host is <see cref="BrokerAccount.VirtualHost"/>.</summary>
    public string ConnectionString => $"amqp://{Uri.EscapeDataString(Account.UserName)}:{Uri.EscapeDataString(Account.Password)}@127.0.0.1:{Layout.AmqpPort}";

    public Uri ManagementUri => new($"http://127.0.0.1:{Layout.ManagementPort}/");

    /// <summary>The port mapper and the node's start script; the Erlang VM runs as the script's child.</summary>
    public IReadOnlyList<int> ProcessIds => [_epmd.Id, _node.Id];

    /// <summary>Starts epmd and the node and returns once an AMQP connection to the account's virtual host works.</summary>
    public static async Task<LocalRabbitMq> StartAsync(string name, BrokerAccount account, InfrastructureOptions? options = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        options ??= new InfrastructureOptions();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var home = RunDirectory.Create(name);
        LocalProcess? epmd = null;
        LocalProcess? node = null;
        try
        {
            var epmdPort = LocalPorts.Next();
            epmd = LocalProcess.Start(options.EpmdPath, ["-port", epmdPort.ToString(), "-address", "127.0.0.1"], home.Path, home.FilePath("epmd.log"));
            await epmd.WaitForPortAsync(epmdPort, TimeSpan.FromSeconds(10), cancellationToken);

            var layout = RabbitMqNodeLayout.Allocate(name, home.Path, epmdPort);
            layout.WriteFiles(account, options.MaxMessageSizeBytes);
            node = LocalProcess.Start(options.RabbitMqServerPath, [], home.Path, home.FilePath("rabbitmq.log"), layout.Environment());

            var broker = new LocalRabbitMq(home, epmd, node, layout, account);
            await broker.WaitUntilReadyAsync(limit, cancellationToken);
            return broker;
        }
        catch
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
            if (epmd is not null)
            {
                await epmd.DisposeAsync();
            }
            home.Dispose();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var check = new RabbitMqConnectionHealthCheck(_ => Task.FromResult<string?>(ConnectionString), Account.VirtualHost);
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            _node.ThrowIfExited();
            var result = await check.CheckHealthAsync(new HealthCheckContext(), cancellationToken);
            if (result.Status == HealthStatus.Healthy)
            {
                return;
            }
            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"RabbitMQ did not accept connections within {timeout.TotalSeconds:0} s ({result.Description}):{Environment.NewLine}{_node.Tail()}");
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // A broker flushes its queues on SIGTERM in a few seconds; then the port mapper.
        await _node.StopAsync(TimeSpan.FromSeconds(30));
        await _node.DisposeAsync();
        await _epmd.DisposeAsync();
        _home.Dispose();
    }
}
