namespace OklaMq.AuthService.Model;

/// <summary>A login: stored under the hash of its access token, and gone when the token expires.</summary>
public sealed record Session(Guid UserId, DateTime IssuedAt, DateTime ExpiresAt);
