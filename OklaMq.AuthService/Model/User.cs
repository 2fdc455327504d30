namespace OklaMq.AuthService.Model;

/// <summary>An OKLA account. Secrets are kept only as hashes.</summary>
public sealed record User
{
    public required Guid Id { get; init; }
    /// <summary>As the user typed it (trimmed); uniqueness is on its lower-case form.</summary>
    public required string Email { get; init; }
    public required string FullName { get; init; }
    public required string AccountType { get; init; }
    public string? ReferralCode { get; init; }
    public required PasswordHash Password { get; init; }
    public bool Verified { get; init; }
    public DateTime RegisteredAt { get; init; }
    public DateTime? VerifiedAt { get; init; }
    /// <summary>The pending email code; null once verified.</summary>
    public PendingVerification? EmailVerification { get; init; }
    /// <summary>
    /// When the account expired unverified (MQ-SAGA-003, docs/sagas.md): it can no longer be verified
    /// or log in, and its email may be registered again.
    /// </summary>
    public DateTime? ExpiredAt { get; init; }
}

/// <summary>A PBKDF2 password hash with what is needed to check a password against it.</summary>
public sealed record PasswordHash(string Algorithm, int Iterations, string Salt, string Hash);

/// <summary>A verification code, as the hash of the user id and the code, and when it stops being accepted.</summary>
public sealed record PendingVerification(string CodeHash, DateTime ExpiresAt);

public static class AccountTypes
{
    public const string Individual = "Individual";
    public const string Dealer = "Dealer";
}
