using System.Diagnostics;
using System.Globalization;
using System.Text;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// One scenario from its first event to its verdict: the workload runs while the test injects its
/// fault and ends it (<see cref="FaultEnded"/>); from then on the run watches how long the effects
/// take to catch up, and at the end waits for the system to drain (every confirmed event has its
/// effect, the outbox and Analytics' queues are empty) and counts.
/// </summary>
internal sealed class ScenarioRun
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(15);

    private readonly ReliabilitySystem _system;
    private readonly int _number;
    private readonly string _name;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task<DateTime?>? _recovered;
    private DateTime _faultEnded;

    public ScenarioRun(ReliabilitySystem system, int number, string name, int eventsPerDealer, TimeSpan pace)
    {
        _system = system;
        _number = number;
        _name = name;
        Workload = Workload.Start(system.App, eventsPerDealer, pace);
    }

    public Workload Workload { get; }

    /// <summary>The fault is over (node back, link healed, service restarted…): recovery is measured from now.</summary>
    public void FaultEnded()
    {
        _faultEnded = DateTime.UtcNow;
        _recovered = WatchRecoveryAsync(_faultEnded);
    }

    public async Task<ScenarioOutcome> FinishAsync(string notes = "")
    {
        if (_recovered is null)
        {
            FaultEnded();
        }
        await Workload.CompleteAsync(TimeSpan.FromMinutes(1));
        var recoveredAt = await _recovered!;
        var effects = await DrainAsync();
        var sent = Workload.Dealers.SelectMany(d => d.Events).ToList();
        var unpersisted = await UnpersistedWritesAsync(effects);
        var outcome = new ScenarioOutcome(
            _number,
            _name,
            Published: sent.Count,
            Confirmed: sent.Count(e => e.Accepted),
            Consumed: effects.Consumed,
            Lost: effects.Missing(DateTime.MaxValue).Count - unpersisted,
            Unpersisted: unpersisted,
            Duplicated: effects.Duplicated,
            OutOfOrder: effects.OutOfOrder,
            Recovery: (recoveredAt ?? DateTime.UtcNow) - _faultEnded,
            HttpGap: LongestGap(PublishPath.Http),
            DirectGap: LongestGap(PublishPath.Direct),
            Duration: _clock.Elapsed,
            Notes: string.Join("; ", new[]
            {
                recoveredAt is null ? $"not recovered in {DrainTimeout.TotalSeconds:0} s" : "",
                effects.OutOfOrder > 0 ? $"late: {string.Join(", ", effects.LateEffects.Take(4))}" : "",
                unpersisted > 0 ? $"{unpersisted} answered HTTP write(s) lost by Redis itself (the vehicle is gone with its outbox entry)" : "",
                notes,
            }.Where(n => n.Length > 0)))
        {
            Diagnostics = effects.OutOfOrder > 0 || effects.Missing(DateTime.MaxValue).Count > 0 ? await DiagnoseAsync(effects) : "",
        };
        _system.Record(outcome);
        return outcome;
    }

    /// <summary>
    /// Confirmed HTTP events without an effect whose vehicle is gone too: it was saved with its outbox
    /// entry in one transaction, so Redis lost the answered write itself (appendfsync everysec), and
    /// no event was ever there to publish. Counted apart from events the messaging lost.
    /// </summary>
    private async Task<int> UnpersistedWritesAsync(Effects effects)
    {
        var unpersisted = 0;
        foreach (var missing in effects.Missing(DateTime.MaxValue).Intersect(Workload.Dealers.Where(d => d.Path == PublishPath.Http).SelectMany(d => d.Events)))
        {
            using var vehicle = await _system.App.Vehicles.GetAsync($"/api/vehicles/{missing.Id}");
            unpersisted += vehicle.StatusCode == System.Net.HttpStatusCode.NotFound ? 1 : 0;
        }
        return unpersisted;
    }

    private async Task<string> DiagnoseAsync(Effects effects)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Scenario {_number}: {_name}")
            .AppendLine(CultureInfo.InvariantCulture, $"Vehicles instances running: {_system.App.ProcessIdsOf("vehicles").Count}");
        foreach (var late in effects.LateEffects)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"late: {late}");
        }
        foreach (var (dealer, index) in Workload.Dealers.Select((d, i) => (d, i)))
        {
            foreach (var missing in effects.Missing(DateTime.MaxValue).Intersect(dealer.Events))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"lost: {dealer.Path.ToString().ToLowerInvariant()} dealer {index} #{missing.Sequence} (id {missing.Id}) accepted at {missing.At:HH:mm:ss.fff}");
                if (dealer.Path == PublishPath.Http)
                {
                    // Saved with its outbox entry in one transaction: gone too if Redis lost the write, there if the event went missing later.
                    using var vehicle = await _system.App.Vehicles.GetAsync($"/api/vehicles/{missing.Id}");
                    text.AppendLine(CultureInfo.InvariantCulture, $"  its vehicle: GET answers {(int)vehicle.StatusCode}");
                }
            }
        }
        // The relay's failures and broken order, and why consumers failed or dead-lettered.
        foreach (var service in new[] { "vehicles", "analytics" })
        {
            foreach (var line in _system.App.Logs.Of(service).Where(IsTelling).TakeLast(30))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{service}: {line}");
            }
        }
        return text.ToString();
    }

    private static bool IsTelling(string line) =>
        line.Contains("Outbox", StringComparison.Ordinal) || line.Contains("not sequenced", StringComparison.Ordinal) || line.Contains("dead-letter", StringComparison.OrdinalIgnoreCase) || line.Contains("fail:", StringComparison.Ordinal);

    private async Task<DateTime?> WatchRecoveryAsync(DateTime faultEnded)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < DrainTimeout)
        {
            if (await ReadAsync() is { } effects && effects.Missing(faultEnded).Count == 0)
            {
                return DateTime.UtcNow;
            }
            await Task.Delay(250);
        }
        return null;
    }

    // Until every confirmed event has its effect, then (for late duplicates) until nothing is left on its way to Analytics.
    private async Task<Effects> DrainAsync()
    {
        var clock = Stopwatch.StartNew();
        var effects = await ReadAsync();
        while (effects is null || effects.Missing(DateTime.MaxValue).Count > 0)
        {
            if (clock.Elapsed > DrainTimeout)
            {
                return effects ?? throw new TimeoutException($"Analytics' timelines could not be read for {clock.Elapsed.TotalSeconds:0} s.");
            }
            await Task.Delay(250);
            effects = await ReadAsync() ?? effects;
        }
        var quiet = Stopwatch.StartNew();
        while (!await IsQuietAsync() && quiet.Elapsed < QuietTimeout)
        {
            await Task.Delay(250);
        }
        return await ReadAsync() ?? effects;
    }

    private async Task<Effects?> ReadAsync()
    {
        try
        {
            return await Effects.ReadAsync(_system.App, Workload);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Analytics is restarting, or Redis is down: not readable now.
            return null;
        }
    }

    private async Task<bool> IsQuietAsync()
    {
        if (await _system.App.RedisDb.StreamLengthAsync(ReliabilitySystem.OutboxStream) > 0)
        {
            return false;
        }
        try
        {
            var queues = await _system.QueuesAsync();
            return queues.Where(q => ReliabilitySystem.AnalyticsQueues.Contains((string?)q!["name"])).All(q => (long?)q!["messages"] == 0);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private TimeSpan LongestGap(PublishPath path)
    {
        var times = Workload.Dealers.Where(d => d.Path == path).SelectMany(d => d.Events).Where(e => e.Accepted).Select(e => e.At).Order().ToList();
        return times.Count < 2 ? TimeSpan.Zero : times.Zip(times.Skip(1), (a, b) => b - a).Max();
    }
}
