using OklaMq.Hosting.Infrastructure;
using OklaMq.Hosting.Local;
using OklaMq.Hosting.RabbitMq;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// One RabbitMQ node of <see cref="BrokerCluster"/>, run in its own network namespace with its own
/// Erlang port mapper, and what can happen to it: a crash (kill -9), a freeze (SIGSTOP), a restart
/// on its data, an operator's command.
/// </summary>
internal sealed class ClusterNode(int number, RabbitMqNodeLayout layout, NodeNetwork network, InfrastructureOptions options) : IAsyncDisposable
{
    private const int EpmdPort = 4369;

    private LocalProcess? _epmd;
    private LocalProcess? _server;

    public int Number { get; } = number;
    public RabbitMqNodeLayout Layout { get; } = layout;
    public string Name => Layout.NodeName;

    /// <summary>The Aspire-shaped connection string of this node (the virtual host is the account's).</summary>
    public string ConnectionString(BrokerAccount account) =>
        $"amqp://{Uri.EscapeDataString(account.UserName)}:{Uri.EscapeDataString(account.Password)}@{Layout.Address}:{Layout.AmqpPort}";

    public Uri ManagementUri => new($"http://{Layout.Address}:{Layout.ManagementPort}/");

    /// <summary>Starts the node on its data folder (a first start, or a restart after a crash); returns at once.</summary>
    public async Task StartAsync()
    {
        if (_epmd is null || _epmd.HasExited)
        {
            _epmd = LocalProcess.Start("ip", network.Inside(Number, options.EpmdPath, "-port", EpmdPort.ToString(), "-address", $"{Layout.Address},127.0.0.1"),
                Layout.Home, Path.Combine(Layout.Home, $"epmd-{Number}.log"));
            await _epmd.WaitForPortAsync(EpmdPort, TimeSpan.FromSeconds(10), CancellationToken.None, Layout.Address);
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        File.Delete(Layout.PidFile);
        _server = LocalProcess.Start("ip", network.Inside(Number, options.RabbitMqServerPath), Layout.Home,
            Path.Combine(Layout.Home, $"node-{Number}.log"), Layout.Environment());
    }

    public void ThrowIfExited() => _server?.ThrowIfExited();

    /// <summary>kill -9 of the Erlang VM: no shutdown, no goodbye to the other nodes.</summary>
    public async Task KillAsync()
    {
        await HostCommand.SignalAsync(await ProcessIdAsync(), "KILL");
        await _server!.KillAsync();
    }

    /// <summary>SIGSTOP: the VM freezes, its connections stay open and silent.</summary>
    public async Task PauseAsync() => await HostCommand.SignalAsync(await ProcessIdAsync(), "STOP");

    public async Task ResumeAsync() => await HostCommand.SignalAsync(await ProcessIdAsync(), "CONT");

    /// <summary>Runs rabbitmqctl against this node, from inside its namespace (its port mapper, its cookie).</summary>
    public Task<string> CtlAsync(params string[] arguments) =>
        HostCommand.RunAsync("ip", network.Inside(Number, Path.Combine(Path.GetDirectoryName(options.RabbitMqServerPath)!, "rabbitmqctl"),
            ["--longnames", "-n", Name, .. arguments]), Layout.Environment());

    public string Tail() => _server?.Tail() ?? "(not started)";

    // The VM writes its pid once it has booted far enough; the process started is the launch script.
    private async Task<int> ProcessIdAsync()
    {
        for (var attempt = 0; attempt < 100 && !File.Exists(Layout.PidFile); attempt++)
        {
            await Task.Delay(100);
        }
        return int.Parse(File.ReadAllText(Layout.PidFile).Trim());
    }

    public async ValueTask DisposeAsync()
    {
        // The network kills whatever still runs in the namespace; these only release their handles.
        if (_server is not null)
        {
            await _server.KillAsync();
            await _server.DisposeAsync();
        }
        if (_epmd is not null)
        {
            await _epmd.KillAsync();
            await _epmd.DisposeAsync();
        }
    }
}
