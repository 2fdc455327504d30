using OklaMq.AuthService.Model;

namespace OklaMq.AuthService.Apis;

/// <summary>What anyone may see of a user: never a hash or a code. <paramref name="ExpiredAt"/>: when the account expired unverified.</summary>
public sealed record UserProfile(Guid UserId, string Email, string FullName, string AccountType, bool Verified, DateTime? ExpiredAt)
{
    public static UserProfile Of(User user) => new(user.Id, user.Email, user.FullName, user.AccountType, user.Verified, user.ExpiredAt);
}

public sealed record LoginResponse(Guid UserId, string AccessToken, DateTime ExpiresAt);

/// <summary>A verification email is on its way; its code is accepted until <paramref name="ExpiresAt"/>.</summary>
public sealed record VerificationSent(Guid UserId, DateTime ExpiresAt);
