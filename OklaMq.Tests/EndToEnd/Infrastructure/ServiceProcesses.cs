using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Aspire.Hosting;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// The processes of a service that a test crashed on purpose, and starting them again. Each
/// replica is its own resource instance, known by its id in Aspire's resource notifications.
/// </summary>
public static class ServiceProcesses
{
    private static readonly ConditionalWeakTable<DistributedApplication, ReplicaStates> States = new();

    /// <summary>Starts following the processes' states; call it before crashing one.</summary>
    public static void FollowProcesses(this OklaMqApp app) => _ = StatesOf(app);

    /// <summary>True once a replica of <paramref name="service"/> has stopped running.</summary>
    public static bool AnyStopped(this OklaMqApp app, string service) =>
        StatesOf(app).Of(service).Any(r => IsStopped(r.State));

    /// <summary>Starts every replica of the <paramref name="services"/> that is not running, then waits until the whole system is healthy.</summary>
    public static async Task StartStoppedAsync(this OklaMqApp app, params string[] services)
    {
        foreach (var (replica, _, _) in services.SelectMany(s => StatesOf(app).Of(s)).Where(r => IsStopped(r.State)))
        {
            await app.ExecuteCommandAsync(replica, "resource-start");
        }
        await app.WaitUntilEverythingHealthyAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>The process id of every running replica of <paramref name="service"/>, as DCP reports it (the service itself, <c>BuiltExecutableLaunch</c>).</summary>
    public static IReadOnlyList<int> ProcessIdsOf(this OklaMqApp app, string service) =>
        [.. StatesOf(app).Of(service).Where(r => r.State == "Running" && r.Pid is not null).Select(r => r.Pid!.Value)];

    /// <summary>Each replica's id and state, for failure messages.</summary>
    public static string DescribeProcesses(this OklaMqApp app, string service) =>
        string.Join(", ", StatesOf(app).Of(service).Select(r => $"{r.Id}: {r.State}"));

    private static bool IsStopped(string? state) => state is "Exited" or "Finished" or "FailedToStart";

    private static ReplicaStates StatesOf(OklaMqApp app) => States.GetValue(app.App, a => new ReplicaStates(a));

    /// <summary>The latest state of every resource instance, followed from the moment it is first asked.</summary>
    private sealed class ReplicaStates
    {
        private readonly ConcurrentDictionary<string, (string Resource, string? State, int? Pid)> _instances = new(StringComparer.Ordinal);

        public ReplicaStates(DistributedApplication app) =>
            _ = Task.Run(async () =>
            {
                await foreach (var change in app.ResourceNotifications.WatchAsync())
                {
                    var pid = change.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
                    _instances[change.ResourceId] = (change.Resource.Name, change.Snapshot.State?.Text, int.TryParse(pid?.ToString(), out var id) ? id : null);
                }
            });

        public IReadOnlyList<(string Id, string? State, int? Pid)> Of(string resource) =>
            _instances.Where(i => i.Value.Resource == resource).Select(i => (i.Key, i.Value.State, i.Value.Pid)).ToList();
    }
}
