using System.Text.Json;
using OklaMq.NotificationService.Model;
using StackExchange.Redis;

namespace OklaMq.NotificationService.Infrastructure;

/// <summary>
/// The users Notification can reach, kept from Auth's events. Verifications are kept apart from the
/// profile (a set per user), so a verification recorded before the registration arrives, or a
/// registration redelivered after it, never loses the verified state.
/// </summary>
public sealed class UserDirectory(IConnectionMultiplexer redis)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static RedisKey Key(Guid userId) => $"okla:notification:users:{userId}";
    private static RedisKey VerificationsKey(Guid userId) => $"okla:notification:users:{userId}:verifications";

    public async Task<UserProfile?> FindAsync(Guid userId)
    {
        var database = redis.GetDatabase();
        var profile = database.StringGetAsync(Key(userId));
        var verified = database.SetLengthAsync(VerificationsKey(userId));
        var json = await profile;
        if (json.IsNull)
        {
            return null;
        }
        var found = JsonSerializer.Deserialize<UserProfile>((string)json!, Json)!;
        return await verified > 0 ? found with { Verified = true } : found;
    }

    public Task SaveAsync(UserProfile profile) =>
        redis.GetDatabase().StringSetAsync(Key(profile.UserId), JsonSerializer.Serialize(profile, Json));

    /// <summary>Records that the user verified <paramref name="verificationType"/> (Email, Phone, Identity); repeats change nothing.</summary>
    public Task MarkVerifiedAsync(Guid userId, string verificationType) =>
        redis.GetDatabase().SetAddAsync(VerificationsKey(userId), string.IsNullOrWhiteSpace(verificationType) ? "Unspecified" : verificationType.Trim());

    /// <summary>The kinds of verification the user completed, in no particular order.</summary>
    public async Task<IReadOnlyList<string>> VerificationsAsync(Guid userId) =>
        (await redis.GetDatabase().SetMembersAsync(VerificationsKey(userId))).Select(v => v.ToString()).ToList();
}
