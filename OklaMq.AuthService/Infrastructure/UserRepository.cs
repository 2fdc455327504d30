using OklaMq.AuthService.Model;
using OklaMq.ServiceDefaults.Messaging.Outbox;
using StackExchange.Redis;

namespace OklaMq.AuthService.Infrastructure;

/// <summary>Users in Redis, with an index from lower-case email to user id that is written in the user's own transaction.</summary>
public sealed class UserRepository(RedisAggregateStore store, IConnectionMultiplexer redis)
{
    private static string Key(Guid id) => $"okla:users:{id}";
    private static string EmailKey(string email) => $"okla:users:by-email:{email.Trim().ToLowerInvariant()}";

    public Task<Stored<User>?> FindAsync(Guid id) => store.FindAsync<User>(Key(id));

    public async Task<Guid?> FindIdByEmailAsync(string email) =>
        Guid.TryParse((string?)await redis.GetDatabase().StringGetAsync(EmailKey(email)), out var id) ? id : null;

    /// <summary>Stores a new user; false if the email is taken, even by a registration running at the same moment.</summary>
    public Task<bool> AddAsync(User user, Guid correlationId, params object[] events) =>
        store.InsertAsync(Key(user.Id), user, events, correlationId, transaction =>
        {
            var emailKey = EmailKey(user.Email);
            transaction.AddCondition(Condition.KeyNotExists(emailKey));
            _ = transaction.StringSetAsync(emailKey, user.Id.ToString());
        });

    public Task<bool> UpdateAsync(Stored<User> previous, User user, Guid correlationId, params object[] events) =>
        store.ReplaceAsync(Key(user.Id), previous, user, events, correlationId);
}
