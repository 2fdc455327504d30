using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// A network of the run's own for broker nodes (root only): one Linux network namespace per node,
/// each linked by a veth pair to a bridge in the host's namespace, where the services and the
/// tests reach every node by its address. <see cref="IsolateAsync"/> cuts one node off from the
/// others (blackhole routes on both sides: packets vanish, as on a cut link) while clients still
/// reach it; <see cref="HealAsync"/> restores the links. Names carry this process's id, so a
/// network left by a killed run is found and removed by the next one.
/// </summary>
internal sealed partial class NodeNetwork : IAsyncDisposable
{
    private readonly int _owner = Environment.ProcessId;
    private readonly string _subnet;
    private readonly int _nodes;

    private NodeNetwork(string subnet, int nodes)
    {
        _subnet = subnet;
        _nodes = nodes;
    }

    private string Bridge => $"okb{_owner}";

    public string NamespaceOf(int node) => $"oklamq-{_owner}-n{node}";

    public string AddressOf(int node) => $"{_subnet}.{10 + node}";

    public static async Task<NodeNetwork> CreateAsync(int nodes)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                "The fault suite makes network namespaces and needs root (CI runs as root); leave it out with --filter Category!=Reliability.");
        }
        await RemoveOrphansAsync();
        var network = new NodeNetwork(await FreeSubnetAsync(), nodes);
        try
        {
            await Ip("link", "add", network.Bridge, "type", "bridge");
            // Bridged frames skip the host's iptables (br_netfilter would pass them through its FORWARD chain).
            await Ip("link", "set", network.Bridge, "type", "bridge", "nf_call_iptables", "0");
            await Ip("addr", "add", $"{network._subnet}.1/24", "dev", network.Bridge);
            await Ip("link", "set", network.Bridge, "up");
            for (var node = 1; node <= nodes; node++)
            {
                var ns = network.NamespaceOf(node);
                var hostEnd = $"okv{network._owner}n{node}";
                await Ip("netns", "add", ns);
                await Ip("link", "add", hostEnd, "type", "veth", "peer", "name", "eth0", "netns", ns);
                await Ip("link", "set", hostEnd, "master", network.Bridge, "up");
                await Ip("-n", ns, "addr", "add", $"{network.AddressOf(node)}/24", "dev", "eth0");
                await Ip("-n", ns, "link", "set", "eth0", "up");
                await Ip("-n", ns, "link", "set", "lo", "up");
            }
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>The command line that runs <paramref name="command"/> inside the node's namespace.</summary>
    public IEnumerable<string> Inside(int node, string command, params string[] arguments) => ["netns", "exec", NamespaceOf(node), command, .. arguments];

    /// <summary>Drops every packet between <paramref name="node"/> and the other nodes, both ways.</summary>
    public Task IsolateAsync(int node) => ChangeRoutesAsync(node, "add");

    public Task HealAsync(int node) => ChangeRoutesAsync(node, "del");

    private async Task ChangeRoutesAsync(int node, string change)
    {
        foreach (var other in Enumerable.Range(1, _nodes).Where(n => n != node))
        {
            await Ip("-n", NamespaceOf(node), "route", change, "blackhole", $"{AddressOf(other)}/32");
            await Ip("-n", NamespaceOf(other), "route", change, "blackhole", $"{AddressOf(node)}/32");
        }
    }

    public async ValueTask DisposeAsync() => await RemoveAsync(_owner, _nodes);

    // What still runs inside is killed (a namespace outlives its name while a process is in it);
    // deleting a namespace deletes its veth pair; the bridge goes on its own.
    private static async Task RemoveAsync(int owner, int nodes)
    {
        foreach (var ns in Enumerable.Range(1, nodes).Select(node => $"oklamq-{owner}-n{node}"))
        {
            try
            {
                foreach (var pid in (await Ip("netns", "pids", ns)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    await HostCommand.SignalAsync(int.Parse(pid), "KILL");
                }
            }
            catch (InvalidOperationException)
            {
                // No such namespace, or the process ended meanwhile.
            }
            await TryIp("netns", "del", ns);
        }
        await TryIp("link", "del", $"okb{owner}");
    }

    private static async Task RemoveOrphansAsync()
    {
        var owners = OwnedNamespace().Matches(await Ip("netns", "list"))
            .Select(m => int.Parse(m.Groups[1].Value))
            .Distinct()
            .Where(pid => !IsRunning(pid));
        foreach (var owner in owners)
        {
            await RemoveAsync(owner, nodes: 9);
        }
    }

    // 10.200.0.0-10.249.255.0: a /24 no route of the host uses yet.
    private static async Task<string> FreeSubnetAsync()
    {
        var routes = await Ip("-4", "route", "show", "table", "all");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var subnet = $"10.{200 + Random.Shared.Next(50)}.{Random.Shared.Next(256)}";
            if (!routes.Contains($"{subnet}.", StringComparison.Ordinal))
            {
                return subnet;
            }
        }
        throw new InvalidOperationException("No free 10.2xx.x.0/24 subnet for the broker nodes.");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Task<string> Ip(params string[] arguments) => HostCommand.RunAsync("ip", arguments);

    private static async Task TryIp(params string[] arguments)
    {
        try
        {
            await Ip(arguments);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [GeneratedRegex(@"^oklamq-(\d+)-n\d+", RegexOptions.Multiline)]
    private static partial Regex OwnedNamespace();
}
