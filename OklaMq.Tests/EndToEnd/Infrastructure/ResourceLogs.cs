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
        foreach (var resource in resources)
        {
            var lines = _lines.GetOrAdd(resource, _ => new ConcurrentQueue<string>());
            _watchers.Add(Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in logs.WatchAsync(resource).WithCancellation(_stop.Token))
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
            }));
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
        await _stop.CancelAsync();
        await Task.WhenAll(_watchers);
        _stop.Dispose();
    }
}
