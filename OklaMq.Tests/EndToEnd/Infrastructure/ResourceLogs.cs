using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace OklaMq.Tests.EndToEnd.Infrastructure;

/// <summary>
/// Keeps the latest console lines of every resource while the app runs, so a failed start (or a
/// test that wants to know why) can show what each process said.
/// </summary>
public sealed class ResourceLogs : IAsyncDisposable
{
    private const int LinesKept = 400;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _watchers = [];

    public void Watch(DistributedApplication app, IEnumerable<string> resources)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var names = resources.ToHashSet(StringComparer.Ordinal);
        foreach (var name in names)
        {
            _lines.GetOrAdd(name, _ => new ConcurrentQueue<string>());
        }
        // A process logs under its instance id ("vehicles-x3k9…"; one per replica), not its resource's
        // name: follow the instances as they appear and watch each one's log.
        var watched = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        _watchers.Add(Task.Run(async () =>
        {
            try
            {
                await foreach (var change in app.ResourceNotifications.WatchAsync(_stop.Token))
                {
                    if (names.Contains(change.Resource.Name) && watched.TryAdd(change.ResourceId, true))
                    {
                        lock (_watchers)
                        {
                            _watchers.Add(Task.Run(() => CopyAsync(logs, change.ResourceId, _lines[change.Resource.Name])));
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }));
    }

    private async Task CopyAsync(ResourceLoggerService logs, string instance, ConcurrentQueue<string> lines)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(instance).WithCancellation(_stop.Token))
            {
                foreach (var line in batch)
                {
                    lines.Enqueue(line.Content);
                    while (lines.Count > LinesKept && lines.TryDequeue(out _))
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public IReadOnlyList<string> Of(string resource) => _lines.TryGetValue(resource, out var lines) ? lines.ToArray() : [];

    public string Tail(string resource, int count)
    {
        var lines = Of(resource);
        var text = new StringBuilder();
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - count)))
        {
            text.Append("    ").AppendLine(line);
        }
        return text.Length == 0 ? "    (no output)" + Environment.NewLine : text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        // The fixture disposes again after a failed start.
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await _stop.CancelAsync();
        Task[] watchers;
        lock (_watchers)
        {
            watchers = [.. _watchers];
        }
        await Task.WhenAll(watchers);
        _stop.Dispose();
    }
}
