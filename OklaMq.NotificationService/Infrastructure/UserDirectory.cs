using System.Text.Json;
using OklaMq.NotificationService.Model;
using StackExchange.Redis;

namespace OklaMq.NotificationService.Infrastructure;

/// <summary>The users Notification can reach, kept from Auth's events.</summary>
public sealed class UserDirectory(IConnectionMultiplexer redis)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static RedisKey Key(Guid userId) => $"okla:notification:users:{userId}";

    public async Task<UserProfile?> FindAsync(Guid userId)
    {
        var json = await redis.GetDatabase().StringGetAsync(Key(userId));
        return json.IsNull ? null : JsonSerializer.Deserialize<UserProfile>((string)json!, Json);
    }

    public Task SaveAsync(UserProfile profile) =>
        redis.GetDatabase().StringSetAsync(Key(profile.UserId), JsonSerializer.Serialize(profile, Json));
}
