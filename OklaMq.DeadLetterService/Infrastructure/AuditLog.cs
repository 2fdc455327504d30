using System.Text.Json;
using OklaMq.DeadLetterService.Model;
using StackExchange.Redis;

namespace OklaMq.DeadLetterService.Infrastructure;

/// <summary>Every replay and purge, newest first, kept in Redis (the last 10,000).</summary>
public sealed class AuditLog(IConnectionMultiplexer redis)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly RedisKey Key = "okla:dead-letters:audit";
    private const int Keep = 10_000;

    public async Task AppendAsync(AuditEntry entry)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.ListLeftPushAsync(Key, JsonSerializer.Serialize(entry, Json));
        _ = transaction.ListTrimAsync(Key, 0, Keep - 1);
        await transaction.ExecuteAsync();
    }

    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int count) =>
        (await redis.GetDatabase().ListRangeAsync(Key, 0, count - 1))
            .Select(e => JsonSerializer.Deserialize<AuditEntry>((string)e!, Json)!)
            .ToList();
}
