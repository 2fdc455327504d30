using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Inbox;

/// <summary>The inbox's Lua scripts: each call is one atomic round trip to Redis.</summary>
public sealed class RedisInboxScripts(IConnectionMultiplexer redis)
{
    public const string Done = "done";

    /// <summary>Free: claim it for ARGV[1] for ARGV[2] ms (1). Done: 0. Claimed by another delivery: -1.</summary>
    private static readonly LuaScript Claim = LuaScript.Prepare("""
        local value = redis.call('GET', @key)
        if not value then
          redis.call('SET', @key, @claimant, 'PX', @timeout)
          return 1
        end
        if value == 'done' then
          return 0
        end
        return -1
        """);

    private static readonly LuaScript Release = LuaScript.Prepare("""
        if redis.call('GET', @key) == @claimant then
          return redis.call('DEL', @key)
        end
        return 0
        """);

    /// <summary>
    /// KEYS[1] the inbox key (or none), the effects' keys after it; ARGV[1] the claimant, or '*' to
    /// commit unless already done (<see cref="InboxMode.CommitOnly"/>), or empty for no inbox;
    /// ARGV[2] the retention in ms, ARGV[3] the number of effects, then each effect as command, key
    /// count, argument count and arguments. Runs the effects and marks the message done only while
    /// the claim is still this delivery's (or, with '*', while nobody marked it done); otherwise
    /// changes nothing and returns 0.
    /// </summary>
    private const string CommitScript = """
        local claimed = ARGV[1] ~= ''
        if ARGV[1] == '*' then
          if redis.call('GET', KEYS[1]) == 'done' then
            return 0
          end
        elseif claimed and redis.call('GET', KEYS[1]) ~= ARGV[1] then
          return 0
        end
        local k = claimed and 2 or 1
        local a = 4
        for _ = 1, tonumber(ARGV[3]) do
          local call = { ARGV[a] }
          local keys, args = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
          a = a + 3
          for _ = 1, keys do call[#call + 1] = KEYS[k]; k = k + 1 end
          for _ = 1, args do call[#call + 1] = ARGV[a]; a = a + 1 end
          redis.call(unpack(call))
        end
        if claimed then
          redis.call('SET', KEYS[1], 'done', 'PX', ARGV[2])
        end
        return 1
        """;

    private IDatabase Database => redis.GetDatabase();

    public async Task<InboxClaim> ClaimAsync(RedisKey key, string claimant, TimeSpan timeout) =>
        (int)await Claim.EvaluateAsync(Database, new { key, claimant, timeout = (long)timeout.TotalMilliseconds }) switch
        {
            1 => InboxClaim.Claimed,
            0 => InboxClaim.AlreadyProcessed,
            _ => InboxClaim.Busy,
        };

    public Task ReleaseAsync(RedisKey key, string claimant) =>
        Release.EvaluateAsync(Database, new { key, claimant });

    /// <summary>Runs the effects and marks the message done, atomically; false if the claim was lost (nothing applied).</summary>
    public async Task<bool> CommitAsync(RedisKey key, string claimant, TimeSpan retention, RedisEffects effects) =>
        (int)await Database.ScriptEvaluateAsync(CommitScript, [key, .. effects.Keys], [claimant, (long)retention.TotalMilliseconds, effects.Count, .. effects.Arguments]) == 1;

    /// <summary>Runs the effects and marks the message done, atomically, unless it is done already (false: a duplicate, nothing applied).</summary>
    public async Task<bool> CommitUnlessDoneAsync(RedisKey key, TimeSpan retention, RedisEffects effects) =>
        (int)await Database.ScriptEvaluateAsync(CommitScript, [key, .. effects.Keys], ["*", (long)retention.TotalMilliseconds, effects.Count, .. effects.Arguments]) == 1;

    /// <summary>Runs effects atomically without an inbox.</summary>
    public Task ApplyAsync(RedisEffects effects) =>
        effects.Count == 0
            ? Task.CompletedTask
            : Database.ScriptEvaluateAsync(CommitScript, [.. effects.Keys], [string.Empty, 0, effects.Count, .. effects.Arguments]);
}
