using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>
/// Redis writes recorded to run later, all at once and atomically, in one script call (see
/// <see cref="RedisInbox.CommitAsync"/>): the few commands consumers need, each with its keys and
/// arguments. A script is one round trip; a MULTI/EXEC guarded by a condition is a WATCH, a GET and
/// the transaction, which cost the inbox three times as much per message.
/// </summary>
public sealed class RedisEffects
{
    private readonly List<RedisKey> _keys = [];
    private readonly List<RedisValue> _arguments = [];

    public int Count { get; private set; }

    internal IReadOnlyList<RedisKey> Keys => _keys;
    internal IReadOnlyList<RedisValue> Arguments => _arguments;

    public RedisEffects HashIncrement(RedisKey key, RedisValue field, long by = 1) => Add("HINCRBY", [key], field, by);

    public RedisEffects SortedSetIncrement(RedisKey key, RedisValue member, double by) => Add("ZINCRBY", [key], by, member);

    public RedisEffects ListLeftPush(RedisKey key, RedisValue value) => Add("LPUSH", [key], value);

    public RedisEffects ListRightPush(RedisKey key, RedisValue value) => Add("RPUSH", [key], value);

    public RedisEffects ListTrim(RedisKey key, long start, long stop) => Add("LTRIM", [key], start, stop);

    public RedisEffects StringSet(RedisKey key, RedisValue value) => Add("SET", [key], value);

    public RedisEffects SetAdd(RedisKey key, RedisValue member) => Add("SADD", [key], member);

    /// <summary>Encoded for the script: command, number of keys, number of arguments, then the arguments.</summary>
    private RedisEffects Add(string command, RedisKey[] keys, params RedisValue[] arguments)
    {
        _keys.AddRange(keys);
        _arguments.Add(command);
        _arguments.Add(keys.Length);
        _arguments.Add(arguments.Length);
        _arguments.AddRange(arguments);
        Count++;
        return this;
    }
}
