using StackExchange.Redis;

namespace OklaMq.BillingService.Infrastructure;

/// <summary>A payer's card set to decline: the next <see cref="Times"/> charges, or every charge until removed (null).</summary>
public sealed record SimulatedDecline(Guid PayerId, string Reason, int? Times);

/// <summary>
/// The simulated gateway's declining cards, in Redis (<c>okla:gateway:declines:&lt;payer&gt;</c>) so
/// that every Billing instance sees them: set one, and that payer's charges are declined, by the
/// HTTP API and by the charges sagas request alike, until the count is used up or it is removed.
/// </summary>
public sealed class SimulatedDeclines(IConnectionMultiplexer redis)
{
    // Reads the reason and uses up one decline atomically: two concurrent charges never share one.
    private const string TakeScript = """
        local reason = redis.call('HGET', KEYS[1], 'reason')
        if not reason then return false end
        local remaining = tonumber(redis.call('HGET', KEYS[1], 'remaining'))
        if remaining == 1 then
          redis.call('DEL', KEYS[1])
        elseif remaining > 1 then
          redis.call('HINCRBY', KEYS[1], 'remaining', -1)
        end
        return reason
        """;

    private IDatabase Database => redis.GetDatabase();

    private static RedisKey Key(Guid payerId) => $"okla:gateway:declines:{payerId}";

    public Task SetAsync(SimulatedDecline decline) =>
        Database.HashSetAsync(Key(decline.PayerId), [new("reason", decline.Reason), new("remaining", decline.Times ?? 0)]);

    public async Task<SimulatedDecline?> FindAsync(Guid payerId)
    {
        var fields = (await Database.HashGetAllAsync(Key(payerId))).ToDictionary(f => (string)f.Name!, f => f.Value);
        return fields.TryGetValue("reason", out var reason)
            ? new SimulatedDecline(payerId, reason!, (int)fields["remaining"] is > 0 and var times ? times : null)
            : null;
    }

    public Task<bool> RemoveAsync(Guid payerId) => Database.KeyDeleteAsync(Key(payerId));

    /// <summary>The reason to decline this payer's charge, using up one decline; null to approve it.</summary>
    public async Task<string?> TakeAsync(Guid payerId) =>
        (string?)await Database.ScriptEvaluateAsync(TakeScript, [Key(payerId)]);
}
