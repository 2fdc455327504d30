using System.Text.Json;
using OklaMq.NotificationService.Model;
using StackExchange.Redis;

namespace OklaMq.NotificationService.Infrastructure;

/// <summary>
/// The notifications channels sent, per recipient, newest first. Recording is idempotent by
/// notification id: the mark and the entry commit together, so a repeated command records nothing.
/// </summary>
public sealed class NotificationLog(IConnectionMultiplexer redis)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan RememberSentFor = TimeSpan.FromDays(7);

    private static RedisKey SentKey(Guid notificationId) => $"okla:notification:sent-ids:{notificationId}";
    private static RedisKey RecipientKey(Guid userId) => $"okla:notification:sent:{userId}";

    /// <summary>Records the notification; false if it was recorded before.</summary>
    public async Task<bool> RecordAsync(SentNotification notification)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(SentKey(notification.NotificationId)));
        _ = transaction.StringSetAsync(SentKey(notification.NotificationId), notification.Channel, RememberSentFor);
        _ = transaction.ListLeftPushAsync(RecipientKey(notification.RecipientUserId), JsonSerializer.Serialize(notification, Json));
        return await transaction.ExecuteAsync();
    }

    public async Task<IReadOnlyList<SentNotification>> ForRecipientAsync(Guid userId, int count)
    {
        var entries = await redis.GetDatabase().ListRangeAsync(RecipientKey(userId), 0, count - 1);
        return entries.Select(e => JsonSerializer.Deserialize<SentNotification>((string)e!, Json)!).ToList();
    }
}
