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
    /// Commits several messages in one atomic call. ARGV[1] the retention in ms, ARGV[2] the number
    /// of commits, then for each: its claimant (<see cref="InboxCommit"/>), its number of effects, and
    /// each effect as command, key count, argument count and arguments. KEYS: for each commit its
    /// inbox key (unless it has no inbox), then its effects' keys. For each commit, in order: when its
    /// condition holds, runs its effects and marks it done (1); otherwise changes nothing (0). A
    /// failing effect (a wrong key type) is that commit's result, as the error text, and leaves it
    /// unmarked, with its earlier effects applied (a script does not roll back); the other commits
    /// are not affected.
    /// </summary>
    private const string CommitScript = """
        local results = {}
        local k, a = 1, 3
        for i = 1, tonumber(ARGV[2]) do
          local claimant, effects = ARGV[a], tonumber(ARGV[a + 1])
          a = a + 2
          local key = nil
          if claimant ~= '' then
            key = KEYS[k]
            k = k + 1
          end
          local result = 1
          if claimant == '*' then
            if redis.call('GET', key) == 'done' then result = 0 end
          elseif key and redis.call('GET', key) ~= claimant then
            result = 0
          end
          for _ = 1, effects do
            local call = { ARGV[a] }
            local keys, args = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
            a = a + 3
            for _ = 1, keys do call[#call + 1] = KEYS[k]; k = k + 1 end
            for _ = 1, args do call[#call + 1] = ARGV[a]; a = a + 1 end
            if result == 1 then
              local reply = redis.pcall(unpack(call))
              if type(reply) == 'table' and reply.err then result = reply.err end
            end
          end
          if result == 1 and key then
            redis.call('SET', key, 'done', 'PX', ARGV[1])
          end
          results[i] = result
        end
        return results
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

    /// <summary>
    /// Runs <paramref name="commits"/> in one atomic round trip. For each, in order: true if its
    /// effects and mark were applied, false if its condition did not hold (claim lost, or already
    /// done), or the error text of a failing effect.
    /// </summary>
    public async Task<IReadOnlyList<InboxCommitOutcome>> CommitAsync(IReadOnlyList<InboxCommit> commits, TimeSpan retention)
    {
        var keys = new List<RedisKey>();
        var arguments = new List<RedisValue> { (long)retention.TotalMilliseconds, commits.Count };
        foreach (var commit in commits)
        {
            if (commit.Claimant != InboxCommit.NoInbox)
            {
                keys.Add(commit.Key);
            }
            keys.AddRange(commit.Effects.Keys);
            arguments.Add(commit.Claimant);
            arguments.Add(commit.Effects.Count);
            arguments.AddRange(commit.Effects.Arguments);
        }
        var results = (RedisResult[])(await Database.ScriptEvaluateAsync(CommitScript, [.. keys], [.. arguments]))!;
        return results.Select(r => (string?)r switch
        {
            "1" => new InboxCommitOutcome(Done: true, Error: null),
            "0" => new InboxCommitOutcome(Done: false, Error: null),
            var error => new InboxCommitOutcome(Done: false, Error: error ?? "no reply"),
        }).ToList();
    }

    /// <summary>Runs effects atomically without an inbox.</summary>
    public async Task ApplyAsync(RedisEffects effects)
    {
        if (effects.Count > 0)
        {
            (await CommitAsync([new InboxCommit(default, InboxCommit.NoInbox, effects)], TimeSpan.Zero))[0].DoneOrThrow();
        }
    }
}

/// <summary>What one commit of <see cref="RedisInboxScripts.CommitAsync"/> did.</summary>
public readonly record struct InboxCommitOutcome(bool Done, string? Error)
{
    /// <summary>True if applied, false if its condition did not hold; throws for a failing effect.</summary>
    public bool DoneOrThrow() => Failure() is { } failure ? throw failure : Done;

    /// <summary>The failing effect's error, as the exception the commit fails with; null if none failed.</summary>
    public RedisServerException? Failure() => Error is null ? null : new RedisServerException($"An effect of the inbox commit failed: {Error}");
}
