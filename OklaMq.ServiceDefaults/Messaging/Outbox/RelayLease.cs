using StackExchange.Redis;

namespace OklaMq.ServiceDefaults.Messaging.Outbox;

/// <summary>
/// One relay per service at a time (so one service's events keep their order): the instance that
/// holds this Redis key publishes, and the others take over when it stops renewing it.
/// </summary>
internal sealed class RelayLease(IDatabase redis, RedisKey key, TimeSpan duration)
{
    // Renew only a lease we still hold; take it if it is free.
    private const string AcquireOrRenewScript = """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return 1
        end
        if not holder then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return 0
        """;

    private readonly string _holder = Guid.NewGuid().ToString("N");

    public async Task<bool> TryHoldAsync() =>
        (int)await redis.ScriptEvaluateAsync(AcquireOrRenewScript, [key], [_holder, (long)duration.TotalMilliseconds]) == 1;

    public Task ReleaseAsync() =>
        redis.ScriptEvaluateAsync("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", [key], [_holder]);
}
