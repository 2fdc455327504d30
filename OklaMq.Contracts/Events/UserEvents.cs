namespace OklaMq.Contracts.Events;

// Section 3.2 of the design document.

public record UserRegisteredEvent
{
    public Guid UserId { get; init; }
    public string Email { get; init; } = string.Empty;
    public string FullName { get; init; } = string.Empty;
    public string AccountType { get; init; } = "Individual";
    public DateTime RegisteredAt { get; init; }
    public string? ReferralCode { get; init; }
}

public record UserVerifiedEvent
{
    public Guid UserId { get; init; }
    /// <summary>Email, Phone or Identity.</summary>
    public string VerificationType { get; init; } = string.Empty;
    public DateTime VerifiedAt { get; init; }
}

public record UserLoggedInEvent
{
    public Guid UserId { get; init; }
    public string IpAddress { get; init; } = string.Empty;
    public string UserAgent { get; init; } = string.Empty;
    public DateTime LoggedInAt { get; init; }
}
