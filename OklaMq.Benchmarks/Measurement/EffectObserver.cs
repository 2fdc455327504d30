using StackExchange.Redis;

namespace OklaMq.Benchmarks.Measurement;

/// <summary>
/// Sees a message's effect happen in Redis, in a service process the benchmark cannot instrument:
/// Redis publishes every key a <c>SET</c> writes (keyspace notifications, <c>E$</c>), and each
/// scenario names a key its consumer writes once per message, in the same atomic step as its other
/// effects (the inbox's processed mark, for example). When such a key appears, the message's
/// publish stamp and the time it was seen go to a <see cref="ConsumeRecorder"/>. A key may appear
/// before the benchmark knows which message it belongs to (an HTTP response still on its way), so
/// whichever of the two comes second records.
/// </summary>
public sealed class EffectObserver : IAsyncDisposable
{
    private static readonly RedisChannel Writes = RedisChannel.Literal("__keyevent@0__:set");

    private readonly ConnectionMultiplexer _redis;
    private ConsumeRecorder _recorder = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _stamps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private string _prefix = "\0";
    private int _bodyBytes;

    private EffectObserver(ConnectionMultiplexer redis) => _redis = redis;

    public static async Task<EffectObserver> StartAsync(string redisConnectionString)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync($"{redisConnectionString},allowAdmin=true");
        var observer = new EffectObserver(redis);
        await redis.GetSubscriber().SubscribeAsync(Writes, (_, key) => observer.Seen(key.ToString(), BenchClock.Ticks));
        return observer;
    }

    private IServer Server => _redis.GetServer(_redis.GetEndPoints()[0]);

    /// <summary>
    /// Turns Redis's notifications on, for the system scenarios only: they cost Redis a publish per
    /// <c>SET</c>, which the in-process scenarios (whose inbox writes a mark per message) must not pay.
    /// </summary>
    public Task EnableAsync() => Server.ConfigSetAsync("notify-keyspace-events", "E$");

    /// <summary>Effects are keys <paramref name="prefix"/> + a message's id from now on, recorded in <paramref name="recorder"/>; what was pending is forgotten.</summary>
    public void Watch(string prefix, int bodyBytes, ConsumeRecorder recorder)
    {
        lock (_lock)
        {
            _recorder = recorder;
            _prefix = prefix;
            _bodyBytes = bodyBytes;
            _stamps.Clear();
            _seen.Clear();
        }
    }

    /// <summary>The message whose effect is the key <c>prefix + id</c> was published with <paramref name="stampTicks"/>.</summary>
    public void Sent(string id, long stampTicks)
    {
        long seenAt;
        ConsumeRecorder recorder;
        lock (_lock)
        {
            if (!_seen.Remove(id, out seenAt))
            {
                _stamps[id] = stampTicks;
                return;
            }
            recorder = _recorder;
        }
        recorder.Record(stampTicks, _bodyBytes, seenAt);
    }

    /// <summary>Empties Redis between system measurements (inbox marks, documents, outbox streams of the last one).</summary>
    public Task FlushAsync() => Server.FlushAllDatabasesAsync();

    private void Seen(string key, long at)
    {
        long stamp;
        ConsumeRecorder recorder;
        lock (_lock)
        {
            if (!key.StartsWith(_prefix, StringComparison.Ordinal))
            {
                return;
            }
            var id = key[_prefix.Length..];
            if (!_stamps.Remove(id, out stamp))
            {
                _seen.TryAdd(id, at);
                return;
            }
            recorder = _recorder;
        }
        recorder.Record(stamp, _bodyBytes, at);
    }

    public async ValueTask DisposeAsync()
    {
        await _redis.GetSubscriber().UnsubscribeAllAsync();
        await Server.ConfigSetAsync("notify-keyspace-events", "");
        await _redis.DisposeAsync();
    }
}
