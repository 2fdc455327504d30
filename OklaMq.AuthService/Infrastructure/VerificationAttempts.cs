using StackExchange.Redis;

namespace OklaMq.AuthService.Infrastructure;

/// <summary>
/// Counts the tries against one verification code, atomically, so six digits cannot be guessed by
/// trying them all, even with concurrent requests. The counter belongs to the code: a new code starts at zero.
/// </summary>
public sealed class VerificationAttempts(IConnectionMultiplexer redis)
{
    public const int Limit = 5;

    private static string Key(string codeHash) => $"okla:auth:verification-attempts:{codeHash}";

    /// <summary>Records one more try and says whether it is still within the limit.</summary>
    public async Task<bool> TryAsync(string codeHash, DateTime codeExpiresAt)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        var count = transaction.StringIncrementAsync(Key(codeHash));
        _ = transaction.KeyExpireAsync(Key(codeHash), codeExpiresAt);
        await transaction.ExecuteAsync();
        return await count <= Limit;
    }
}
