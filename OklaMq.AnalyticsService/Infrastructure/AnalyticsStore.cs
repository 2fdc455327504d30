using System.Text.Json;
using OklaMq.AnalyticsService.Model;
using OklaMq.ServiceDefaults.Messaging.Inbox;
using StackExchange.Redis;

namespace OklaMq.AnalyticsService.Infrastructure;

/// <summary>
/// Tracked events in Redis. Keys:
/// <list type="bullet">
/// <item><c>okla:analytics:counts</c> hash, event type → count;</item>
/// <item><c>okla:analytics:dealers:{dealerId}:counts</c> hash, event type → count for that dealer;</item>
/// <item><c>okla:analytics:dealers</c> sorted set, dealer id → events of that dealer (score);</item>
/// <item><c>okla:analytics:latest</c> list of the latest <see cref="LatestCapacity"/> events as JSON, newest first;</item>
/// <item><c>okla:analytics:dealers:{dealerId}:timeline</c> list of that dealer's latest <see cref="LatestCapacity"/> events in the order they were processed.</item>
/// </list>
/// One event's writes are recorded as the message's effects (<see cref="MessageEffects"/>): they
/// commit together with the inbox's processed mark, in one script, or not at all, so a duplicate, a redelivery after
/// a crash or a replay counts once, also when two instances receive it at the same time.
/// </summary>
public sealed class AnalyticsStore(IConnectionMultiplexer redis)
{
    public const int LatestCapacity = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Dictionary<string, int> TypeOrder = AnalyticsEvents.All.Select((type, i) => (type, i)).ToDictionary(x => x.type, x => x.i);

    private static readonly RedisKey CountsKey = "okla:analytics:counts";
    private static readonly RedisKey DealersKey = "okla:analytics:dealers";
    private static readonly RedisKey LatestKey = "okla:analytics:latest";
    private static RedisKey DealerCountsKey(Guid dealerId) => $"okla:analytics:dealers:{dealerId}:counts";
    private static RedisKey DealerTimelineKey(Guid dealerId) => $"okla:analytics:dealers:{dealerId}:timeline";

    private IDatabase Database => redis.GetDatabase();

    /// <summary>Records the writes that track the event; they commit together with the message's inbox mark.</summary>
    public static void Track(RedisEffects effects, AnalyticsEvent analyticsEvent)
    {
        var json = JsonSerializer.Serialize(analyticsEvent, Json);
        effects.HashIncrement(CountsKey, analyticsEvent.EventType);
        if (analyticsEvent.DealerId is { } dealerId && dealerId != Guid.Empty)
        {
            effects.HashIncrement(DealerCountsKey(dealerId), analyticsEvent.EventType)
                .SortedSetIncrement(DealersKey, dealerId.ToString(), 1)
                .ListRightPush(DealerTimelineKey(dealerId), json)
                .ListTrim(DealerTimelineKey(dealerId), -LatestCapacity, -1);
        }
        effects.ListLeftPush(LatestKey, json)
            .ListTrim(LatestKey, 0, LatestCapacity - 1);
    }

    /// <summary>Count per event type, in <see cref="AnalyticsEvents.All"/> order; types never seen are absent.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsAsync() => Ordered(await Database.HashGetAllAsync(CountsKey));

    public async Task<IReadOnlyDictionary<string, long>> DealerCountsAsync(Guid dealerId) =>
        Ordered(await Database.HashGetAllAsync(DealerCountsKey(dealerId)));

    /// <summary>Dealer id → number of events, the busiest <paramref name="top"/> dealers first.</summary>
    public async Task<IReadOnlyDictionary<string, long>> DealerTotalsAsync(int top)
    {
        var entries = await Database.SortedSetRangeByRankWithScoresAsync(DealersKey, 0, top - 1, Order.Descending);
        var totals = new Dictionary<string, long>(entries.Length);
        foreach (var entry in entries)
        {
            totals[entry.Element.ToString()] = (long)entry.Score;
        }
        return totals;
    }

    /// <summary>A dealer's latest <paramref name="count"/> events, oldest first, in the order they were processed.</summary>
    public async Task<IReadOnlyList<AnalyticsEvent>> DealerTimelineAsync(Guid dealerId, int count)
    {
        var entries = await Database.ListRangeAsync(DealerTimelineKey(dealerId), -Math.Min(count, LatestCapacity), -1);
        return entries.Select(e => JsonSerializer.Deserialize<AnalyticsEvent>((string)e!, Json)!).ToList();
    }

    /// <summary>The latest <paramref name="count"/> events, newest first.</summary>
    public async Task<IReadOnlyList<AnalyticsEvent>> LatestAsync(int count)
    {
        var entries = await Database.ListRangeAsync(LatestKey, 0, Math.Min(count, LatestCapacity) - 1);
        return entries.Select(e => JsonSerializer.Deserialize<AnalyticsEvent>((string)e!, Json)!).ToList();
    }

    private static Dictionary<string, long> Ordered(HashEntry[] entries)
    {
        return entries
            .Select(e => (Type: e.Name.ToString(), Count: (long)e.Value))
            .OrderBy(e => TypeOrder.GetValueOrDefault(e.Type, int.MaxValue)).ThenBy(e => e.Type, StringComparer.Ordinal)
            .ToDictionary(e => e.Type, e => e.Count);
    }
}
