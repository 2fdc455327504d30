using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OklaMq.Hosting.Monitoring;

/// <summary>
/// Keeps Prometheus's file_sd files in step with the run: every running service instance (each
/// replica of <c>--Replicas:&lt;name&gt;</c> on its own port) and every running broker node. A
/// service that is stopped or restarted leaves and rejoins the files, which Prometheus reloads on
/// change.
/// </summary>
public sealed partial class ScrapeTargetsWriter(ResourceNotificationService notifications, string targetsFolder, ILogger<ScrapeTargetsWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var services = new Dictionary<string, ScrapeTarget?>(StringComparer.Ordinal);
        var brokers = new Dictionary<string, ScrapeTarget?>(StringComparer.Ordinal);
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Resource is ProjectResource)
                {
                    services[change.ResourceId] = ScrapeTargets.ServiceInstance(change.Resource.Name, change.ResourceId, change.Snapshot);
                    Write(PrometheusRunFiles.ServiceTargetsFile, services.Values);
                }
                else if (ScrapeTargets.IsBrokerNode(change.Resource))
                {
                    brokers[change.ResourceId] = ScrapeTargets.BrokerNode(change.Resource.Name, change.Snapshot);
                    Write(PrometheusRunFiles.BrokerTargetsFile, brokers.Values);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Write(string file, IEnumerable<ScrapeTarget?> targets)
    {
        var running = targets.OfType<ScrapeTarget>().ToList();
        if (ScrapeTargets.Write(Path.Combine(targetsFolder, file), running))
        {
            LogTargets(file, running.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Prometheus targets {File}: {Count} running")]
    private partial void LogTargets(string file, int count);
}
