using OklaMq.ServiceDefaults.Messaging.Sagas;

namespace OklaMq.VehiclesService.Sagas;

/// <summary>MQ-SAGA-004: one lead, from <c>lead.created</c> until its dealer changes its status. Its id is the lead id.</summary>
public sealed class LeadFollowUpState : IDurableSagaInstance
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = string.Empty;
    public int Version { get; set; }

    public Guid VehicleId { get; set; }
    public Guid DealerId { get; set; }
    public DateTime? CreatedAt { get; set; }
    public DateTime? RemindedAt { get; set; }
    public DateTime? EscalatedAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
    /// <summary>The status the dealer gave the lead (Contacted, Qualified…).</summary>
    public string? AnsweredWith { get; set; }

    public Guid? ReminderToken { get; set; }
    public DateTime? ReminderDueAt { get; set; }
    public Guid? EscalationToken { get; set; }
    public DateTime? EscalationDueAt { get; set; }
}

/// <summary>The lead's reminder timeout (2 h after it was created by default).</summary>
public sealed record LeadReminderDue(Guid CorrelationId);

/// <summary>The lead's escalation timeout (24 h after it was created by default).</summary>
public sealed record LeadEscalationDue(Guid CorrelationId);
