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

    /// <summary>
    /// Stores a new user; false if the email is taken, even by a registration running at the same
    /// moment. <paramref name="expiredHolder"/>: the expired account that has the email, which the new
    /// one takes over (the expired one stays, under its own id); still false if another registration took it first.
    /// </summary>
    public Task<bool> AddAsync(User user, Guid? expiredHolder, Guid correlationId, params object[] events) =>
        store.InsertAsync(Key(user.Id), user, events, correlationId, transaction =>
        {
            var emailKey = EmailKey(user.Email);
            transaction.AddCondition(expiredHolder is { } holder ? Condition.StringEqual(emailKey, holder.ToString()) : Condition.KeyNotExists(emailKey));
            _ = transaction.StringSetAsync(emailKey, user.Id.ToString());
        });

    /// <summary>
    /// Marks the account expired at <paramref name="at"/> if it is still unverified (MQ-SAGA-003's
    /// expiry), re-reading it if it changed meanwhile (a verification or a new code racing the expiry).
    /// Returns the user as it then is: expired (now, or at the time an earlier run stored, so a repeated
    /// expiry changes nothing), verified (the verification came first), or null if there is no such user.
    /// </summary>
    public async Task<User?> ExpireUnverifiedAsync(Guid id, DateTime at)
    {
        while (true)
        {
            var stored = await FindAsync(id);
            if (stored is null || stored.Value.Verified || stored.Value.ExpiredAt is not null)
            {
                return stored?.Value;
            }
            var expired = stored.Value with { ExpiredAt = at, EmailVerification = null };
            if (await UpdateAsync(stored, expired, id))
            {
                return expired;
            }
        }
    }

    public Task<bool> UpdateAsync(Stored<User> previous, User user, Guid correlationId, params object[] events) =>
        store.ReplaceAsync(Key(user.Id), previous, user, events, correlationId);
}
