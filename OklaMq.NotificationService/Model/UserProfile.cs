namespace OklaMq.NotificationService.Model;

/// <summary>What Notification knows of a user, learned from UserRegistered and UserVerified events.</summary>
public sealed record UserProfile(Guid UserId, string Email, string FullName, string AccountType, bool Verified);
