namespace OklaMq.AuthService.Sagas;

/// <summary>The <c>Sagas:Registration</c> configuration section: when an unverified account is reminded, and when it expires (both from its registration).</summary>
public sealed class RegistrationSagaSettings
{
    public const string SectionName = "Sagas:Registration";

    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(7);
}
