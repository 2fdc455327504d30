using OklaMq.ServiceDefaults.Messaging.Outbox;
using OklaMq.ServiceDefaults.Messaging.Publishing;
using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Sagas;

/// <summary>What <see cref="RedisSagaScripts.LoadAsync"/> found: the stored instance (if any) and whether the inbox already has the message.</summary>
public sealed record StoredSaga(bool AlreadyProcessed, int Version, string? State, string? Json)
{
    public bool Exists => Json is not null;
}

/// <summary>One saga write: the instance as it was read (version 0, no state: new) and as it is now.</summary>
public sealed record SagaWrite(Guid Id, int ExpectedVersion, string? LoadedState, string State, string Json, bool Finished);

public enum SagaCommitOutcome
{
    /// <summary>The instance, its outgoing messages and the inbox mark were written together.</summary>
    Committed,

    /// <summary>Another delivery of the message committed first: nothing was written.</summary>
    AlreadyProcessed,

    /// <summary>The instance is not at the version that was read (or exists, for a new one): nothing was written.</summary>
    Conflict,
}

/// <summary>
/// The saga repository's two Lua scripts, each one atomic round trip: read an instance together
/// with its message's inbox mark, and commit an instance with a compare-and-set on its version
/// (create-if-absent for version 0), its state index, its outgoing messages (appended to the
/// service's outbox stream) and the message's inbox mark.
/// </summary>
public sealed class RedisSagaScripts(IConnectionMultiplexer redis)
{
    private const string LoadScript = """
        local done = 0
        if #KEYS == 2 and redis.call('GET', KEYS[2]) == 'done' then done = 1 end
        local found = redis.call('HMGET', KEYS[1], 'v', 's', 'd')
        return { done, found[1], found[2], found[3] }
        """;

    /// <summary>
    /// KEYS: instance, old state index, new state index, states hash (state → retention), outbox stream, then the inbox key
    /// when there is one. ARGV: expected version, new version, old state ('' for a new instance), new
    /// state, JSON, now (Unix ms), retention of a finished instance in ms (0: not finished), inbox
    /// retention in ms, instance id, number of outgoing messages, then for each its number of fields
    /// and its field names and values. Returns 1 (committed), 0 (inbox done: nothing written) or -1
    /// (version conflict: nothing written).
    /// </summary>
    private const string CommitScript = """
        local inbox = KEYS[6]
        if inbox and redis.call('GET', inbox) == 'done' then return 0 end
        local stored = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
        if stored ~= tonumber(ARGV[1]) then return -1 end
        local now, retention = tonumber(ARGV[6]), tonumber(ARGV[7])
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 's', ARGV[4], 'd', ARGV[5], 'u', ARGV[6])
        if retention > 0 then redis.call('PEXPIRE', KEYS[1], retention) else redis.call('PERSIST', KEYS[1]) end
        if ARGV[3] ~= ARGV[4] then
          if ARGV[3] ~= '' then redis.call('ZREM', KEYS[2], ARGV[9]) end
          redis.call('ZADD', KEYS[3], now, ARGV[9])
          redis.call('HSET', KEYS[4], ARGV[4], ARGV[7])
        end
        if retention > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - retention) end
        local a = 11
        for _ = 1, tonumber(ARGV[10]) do
          local count = tonumber(ARGV[a]) * 2
          local fields = {}
          for i = 1, count do fields[i] = ARGV[a + i] end
          a = a + count + 1
          redis.call('XADD', KEYS[5], '*', unpack(fields))
        end
        if inbox then redis.call('SET', inbox, 'done', 'PX', ARGV[8]) end
        return 1
        """;

    private IDatabase Database => redis.GetDatabase();

    public async Task<StoredSaga> LoadAsync(DurableSaga saga, Guid id, RedisKey? inboxKey)
    {
        RedisKey[] keys = inboxKey is { } inbox ? [saga.InstanceKey(id), inbox] : [saga.InstanceKey(id)];
        var found = (RedisResult[])(await Database.ScriptEvaluateAsync(LoadScript, keys))!;
        return new StoredSaga((int)found[0] == 1, found[1].IsNull ? 0 : (int)found[1], (string?)found[2], (string?)found[3]);
    }

    public async Task<SagaCommitOutcome> CommitAsync(DurableSaga saga, SagaWrite write, IReadOnlyList<OutgoingMessage> messages, RedisKey outboxStream,
        RedisKey? inboxKey, TimeSpan finishedRetention, TimeSpan inboxRetention, DateTimeOffset now)
    {
        var keys = new List<RedisKey>
        {
            saga.InstanceKey(write.Id),
            saga.StateIndexKey(write.LoadedState ?? write.State),
            saga.StateIndexKey(write.State),
            saga.StatesKey,
            outboxStream,
        };
        if (inboxKey is { } inbox)
        {
            keys.Add(inbox);
        }
        var arguments = new List<RedisValue>
        {
            write.ExpectedVersion,
            write.ExpectedVersion + 1,
            write.LoadedState ?? string.Empty,
            write.State,
            write.Json,
            now.ToUnixTimeMilliseconds(),
            write.Finished ? (long)finishedRetention.TotalMilliseconds : 0,
            (long)inboxRetention.TotalMilliseconds,
            write.Id.ToString(),
            messages.Count,
        };
        foreach (var message in messages)
        {
            var fields = OutboxEntry.ToFields(message);
            arguments.Add(fields.Length);
            foreach (var field in fields)
            {
                arguments.Add(field.Name);
                arguments.Add(field.Value);
            }
        }
        return (int)await Database.ScriptEvaluateAsync(CommitScript, [.. keys], [.. arguments]) switch
        {
            1 => SagaCommitOutcome.Committed,
            0 => SagaCommitOutcome.AlreadyProcessed,
            _ => SagaCommitOutcome.Conflict,
        };
    }
}
