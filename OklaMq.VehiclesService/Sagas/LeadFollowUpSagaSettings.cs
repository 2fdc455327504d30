namespace OklaMq.VehiclesService.Sagas;

/// <summary>The <c>Sagas:LeadFollowUp</c> configuration section: when an unanswered lead's dealer is reminded, and when it is escalated (both from its creation).</summary>
public sealed class LeadFollowUpSagaSettings
{
    public const string SectionName = "Sagas:LeadFollowUp";

    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(2);
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromHours(24);
}
