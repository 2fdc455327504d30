using OklaMq.AuthService.Model;
using OklaMq.ServiceDefaults.Messaging.Outbox;

namespace OklaMq.AuthService.Infrastructure;

/// <summary>Sessions keyed by the hash of their token; Redis drops each when its token expires.</summary>
public sealed class SessionRepository(RedisAggregateStore store)
{
    private static string Key(string tokenHash) => $"okla:auth:sessions:{tokenHash}";

    /// <summary>Stores the session with its login event, both or neither.</summary>
    public Task<bool> AddAsync(string tokenHash, Session session, Guid correlationId, params object[] events) =>
        store.InsertAsync(Key(tokenHash), session, events, correlationId,
            transaction => _ = transaction.KeyExpireAsync(Key(tokenHash), session.ExpiresAt - session.IssuedAt));
}
