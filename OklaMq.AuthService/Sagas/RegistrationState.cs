using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.AuthService.Sagas;

/// <summary>MQ-SAGA-003: one registration, from <c>user.registered</c> until the email is verified or the account expires. Its id is the user id.</summary>
public sealed class RegistrationState : IDurableSagaInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = string.Empty;
    public int Version { get; set; }

    public string Email { get; set; } = string.Empty;
    public string FullName { get; set; } = string.Empty;
    public DateTime? RegisteredAt { get; set; }
    public DateTime? RemindedAt { get; set; }
    public DateTime? VerifiedAt { get; set; }
    public DateTime? ExpiredAt { get; set; }

    public Guid? ReminderToken { get; set; }
    public DateTime? ReminderDueAt { get; set; }
    public Guid? ExpiryToken { get; set; }
    public DateTime? ExpiryDueAt { get; set; }
}

/// <summary>The registration's reminder timeout (24 h after registering by default).</summary>
public sealed record RegistrationReminderDue(Guid CorrelationId);

/// <summary>The registration's expiry timeout (7 days after registering by default).</summary>
public sealed record RegistrationExpiryDue(Guid CorrelationId);
