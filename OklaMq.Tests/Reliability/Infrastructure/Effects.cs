using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OklaMq.Tests.EndToEnd.Infrastructure;

namespace OklaMq.Tests.Reliability.Infrastructure;

/// <summary>
/// The effects of a workload as Analytics recorded them: each dealer's timeline (one entry per event
/// processed through the inbox, in processing order), by the id the workload knows its events by.
/// </summary>
internal sealed class Effects(IReadOnlyDictionary<DealerStream, IReadOnlyList<Guid>> timelines)
{
    public static async Task<Effects> ReadAsync(OklaMqApp app, Workload workload)
    {
        var timelines = new Dictionary<DealerStream, IReadOnlyList<Guid>>();
        foreach (var dealer in workload.Dealers)
        {
            var entries = (await app.Analytics.GetFromJsonAsync<JsonArray>($"/api/analytics/dealers/{dealer.DealerId}/timeline?count=1000"))!;
            var idOf = dealer.Path == PublishPath.Http ? "entityId" : "messageId";
            timelines[dealer] = entries.Select(e => Guid.Parse((string)e![idOf]!)).ToList();
        }
        return new Effects(timelines);
    }

    /// <summary>Confirmed events (sent up to <paramref name="until"/>) without an effect.</summary>
    public IReadOnlyList<SentEvent> Missing(DateTime until) =>
        timelines.SelectMany(t => t.Key.Events.Where(e => e.Accepted && e.At <= until && !t.Value.Contains(e.Id!.Value))).ToList();

    public int Consumed => timelines.Values.Sum(t => t.Distinct().Count());

    public int Duplicated => timelines.Values.Sum(t => t.Count - t.Distinct().Count());

    /// <summary>Effects that came after the effect of a later event of the same dealer (events whose sequence is known).</summary>
    public int OutOfOrder => LateEffects.Count;

    /// <summary>Each late effect as "http #12 after #13" (its dealer's path, its sequence, the latest sequence already processed).</summary>
    public IReadOnlyList<string> LateEffects => timelines.SelectMany(t =>
    {
        var sequenceOf = t.Key.Events.Where(e => e.Id is not null).ToDictionary(e => e.Id!.Value, e => e.Sequence);
        var latest = -1;
        var late = new List<string>();
        foreach (var id in t.Value.Distinct())
        {
            if (sequenceOf.TryGetValue(id, out var sequence))
            {
                if (sequence < latest)
                {
                    late.Add($"{t.Key.Path.ToString().ToLowerInvariant()} #{sequence} after #{latest}");
                }
                latest = Math.Max(latest, sequence);
            }
        }
        return late;
    }).ToList();
}
